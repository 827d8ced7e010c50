//===-- LockPath.h - which object an lvalue names: root + path ---*- C++ -*-===//
//
// Names the object an expression designates as an access path, in the spirit
// of clang's thread-safety CapabilityExpr: a root (a global or static
// variable, a parameter, a local variable, `this`) followed by steps (a data
// member, a dereference, an array/container element). Used both for lock
// identity (`acct.m` and `other.m` are different locks, `this->mu_` is the
// mutex of the object the method runs on) and for the data an access
// touches (`acct.balance` and `acct.count` are different locations).
//
// Contract:
//  - accessPathOf(E) returns the path of the object the glvalue \p E
//    designates; pointeePathOf(E) the path of the object the pointer
//    \p E points to. std::nullopt when the object cannot be named (a call
//    result, a smart pointer, a structured binding, ...): callers treat that
//    as "unknown object" and stay silent on what depends on it.
//  - Local references (`auto &m = obj.mu;`) always resolve to what they were
//    bound to: a reference never rebinds. A local pointer (`std::mutex *p =
//    &m;`) resolves to its pointee when the AliasMap of the body shows the
//    pointer is never written after its initialisation (never assigned,
//    incremented, or has its address taken or bound to a non-const
//    reference). Otherwise `*p` stays a path of its own rooted at `p`.
//  - Element steps keep the index when it is a constant or a variable
//    (`a[i]`); any other index is "unknown". Two element steps may alias
//    unless both are different constants (mayAlias); equality (==) is
//    syntactic, so `a[i]` held in one thread and `a[i]` in another are only
//    "the same lock" through the co-location rule of the caller.
//  - key() is stable across translation units: the USR of the root (of the
//    class, for `this`) followed by the field names and step markers.
//
// Direction of approximation: a path is never wrong about the object it
// names when it is returned (aliases are resolved only when provably
// constant); what cannot be proven is reported as std::nullopt, never
// guessed.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_LOCKPATH_H
#define CONCLINT_CHECKS_UTILS_LOCKPATH_H

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <string>

namespace clang {
class ParentMap;
} // namespace clang

namespace clang::tidy::conclint::utils {

/// What an access path starts from.
enum class PathRoot : uint8_t {
  Global, ///< a variable with static storage (global, static member/local)
  Local,  ///< a local variable of some function
  Param,  ///< a parameter of some function
  This,   ///< the object a member function runs on
};

/// One step from an object to a sub-object or pointee.
struct PathStep {
  enum StepKind : uint8_t { Field, Deref, Element } Kind = Field;
  /// Field: the FieldDecl. Element: the index variable, if the index is one.
  const ValueDecl *Decl = nullptr;
  /// Element: a constant index.
  std::optional<int64_t> Constant;

  bool operator==(const PathStep &O) const {
    return Kind == O.Kind && Decl == O.Decl && Constant == O.Constant;
  }
  bool operator!=(const PathStep &O) const { return !(*this == O); }
};

/// The name of one object: a root plus steps.
class AccessPath {
public:
  AccessPath() = default;
  static AccessPath ofDecl(const ValueDecl *D);
  static AccessPath ofThis(const CXXRecordDecl *Class);

  PathRoot rootKind() const { return Kind; }
  /// The root variable or parameter; null for `this`.
  const ValueDecl *root() const { return Root; }
  /// For a `this` root, the class (canonical declaration).
  const CXXRecordDecl *thisClass() const { return Class; }
  llvm::ArrayRef<PathStep> steps() const { return Steps; }

  AccessPath &append(PathStep S) {
    Steps.push_back(S);
    return *this;
  }
  AccessPath &field(const ValueDecl *F) {
    return append(PathStep{PathStep::Field, F, std::nullopt});
  }
  AccessPath &deref() {
    return append(PathStep{PathStep::Deref, nullptr, std::nullopt});
  }

  /// This path with its first \p N steps only.
  AccessPath prefix(unsigned N) const;
  /// \p NewRoot followed by this path's steps (binds a parameter root to the
  /// argument's path).
  AccessPath rebasedOn(const AccessPath &NewRoot) const;
  /// True if \p O starts with this path (a path is a prefix of itself).
  bool isPrefixOf(const AccessPath &O) const;
  /// True if the two paths may name overlapping objects: one is a prefix of
  /// the other, element steps comparing equal unless both are different
  /// constants.
  bool mayAlias(const AccessPath &O) const;
  /// True if some step is an element with an unknown index.
  bool hasElementStep() const;
  /// True if the object this path names is found through the current value
  /// of the variable \p V, so that assigning V (`++p`, `p = q`, `i += 1`)
  /// makes the same text name another object: the root is V and the path
  /// goes through V's value (V is a pointer, or a step dereferences), or an
  /// element step is indexed by V. Assigning a variable that holds the
  /// object itself (`acct = other` for `acct.m`) does not move the object.
  bool dependsOnValueOf(const ValueDecl *V) const;
  /// The last data member of the path, if its last step is a field.
  const FieldDecl *lastField() const;

  /// 'acct.m', 'this->mu_', 'p->m', 'accts[i].m', '*p'.
  std::string str() const;
  /// A key that names the same object in every translation unit (USR of the
  /// root and the steps).
  std::string key() const;

  bool operator==(const AccessPath &O) const {
    return Kind == O.Kind && Root == O.Root && Class == O.Class &&
           Steps == O.Steps;
  }
  bool operator!=(const AccessPath &O) const { return !(*this == O); }
  /// A total order (by pointers: stable within one run only).
  bool operator<(const AccessPath &O) const;

private:
  PathRoot Kind = PathRoot::Global;
  const ValueDecl *Root = nullptr;
  const CXXRecordDecl *Class = nullptr;
  llvm::SmallVector<PathStep, 2> Steps;
};

/// The local pointers of one body that keep the pointee they were
/// initialised with (see the header comment).
class AliasMap {
public:
  AliasMap() = default;
  /// Scans \p Body; \p PM must be a parent map over it.
  AliasMap(const Stmt *Body, const ParentMap &PM);
  /// The expression whose object the pointer \p VD always points to (the
  /// operand of `&` in its initialiser); null if not known.
  const Expr *pointeeOf(const VarDecl *VD) const {
    return Pointees.lookup(VD);
  }

private:
  llvm::DenseMap<const VarDecl *, const Expr *> Pointees;
};

/// The type of the object \p P names (a `this` root names the class); a null
/// type when a step cannot be followed (an element of an unknown container).
QualType typeOfPath(const AccessPath &P, const ASTContext &Ctx);

/// The path of the object the glvalue \p E designates (see the header).
std::optional<AccessPath> accessPathOf(const Expr *E,
                                       const AliasMap *Aliases = nullptr);

/// The path of the object the pointer-typed \p E points to.
std::optional<AccessPath> pointeePathOf(const Expr *E,
                                        const AliasMap *Aliases = nullptr);

/// The path of the object of a member call or member access: the pointee of
/// the base for `->`, the base itself for `.`.
std::optional<AccessPath> objectPathOf(const Expr *Base, bool IsArrow,
                                       const AliasMap *Aliases = nullptr);

} // namespace clang::tidy::conclint::utils

#endif
