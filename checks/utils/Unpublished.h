//===-- Unpublished.h - an object no other thread can know yet -*- C++ -*-===//
//
// A member call cannot race with anything when the object it runs on is
// still private to the thread making it: no other thread has been given its
// address. Two shapes are shown here:
//
//  - setup on `this` before `this` escapes: a call made on `this` in the
//    body of a function (a constructor, or a method that itself runs only
//    on such an object) at a point that no escape of `this` reaches on the
//    body's CFG (beforeThisEscapes). A constructor's initialisers (base
//    class constructors included, their bodies too) run before its body:
//    one of them letting `this` escape makes every call of the body late.
//  - setup on a fresh local: a call made on a local variable of the
//    calling function that the function itself created -- an object of
//    class type, a pointer initialised with `new T(...)`, a smart pointer
//    initialised with such a pointer or with std/boost `make_shared`,
//    `make_unique` or `allocate_shared` -- whose construction lets `this`
//    not escape, when no other use of the variable that may hand the object
//    on reaches the call (onFreshLocal). Another member call on it of a
//    non-virtual method with a visible body that does not let `this` escape
//    hands nothing on; every other use does (copied, passed, returned,
//    captured, `.get()` of a smart pointer, `delete`).
//
// Where `this` escapes in a body (publishesThis / the escapes of
// beforeThisEscapes): every use of `this` except
//  - naming a data member (`x_`, `this->x_`), unless the member may hold a
//    pointer to the object itself (a pointer, reference or template
//    argument of the object's class, a base or a derived class of it:
//    enable_shared_from_this's weak self pointer, a `self_`), or its address
//    is taken, it is bound to a non-const lvalue reference (a parameter of a
//    call, a local reference) or returned by reference;
//  - the object of a call of a non-virtual method (or a qualified call)
//    with a visible body that itself lets `this` not escape (recursively,
//    up to MaxDepth; a cycle counts as an escape); in a template's body,
//    `this->f()` through a dependent base when every method it can name
//    (utils/ExprShapes.h dependentThisCallees) is such a method.
// So `this` passed anywhere, `*this`, a lambda capturing it, a virtual call
// on it, a call of a method compiled elsewhere (`shared_from_this()` when
// its body is not visible) are escapes.
//
// Direction of approximation: "unpublished" is under-approximated. Every
// use not listed above counts as an escape, a CFG path counts whether it is
// feasible or not, a function without a CFG or a body proves nothing, and a
// loop that creates a fresh object per iteration is seen as one object
// reused (the escape of one iteration reaches the next one's call). Not
// modelled: the address of a data member taken in a callee of a method
// (`register(x_)` inside a helper that receives `x_` by reference through a
// constructor argument) other than by the binding rule above, and pointers
// to the object made by pointer arithmetic on a member's address.
// Cost: one walk per body (memoised), the uses of a local collected once,
// and one CFG reachability per call site asked about.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_UNPUBLISHED_H
#define CONCLINT_CHECKS_UTILS_UNPUBLISHED_H

#include "utils/Dataflow.h"
#include "utils/ThreadLifetimes.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::conclint::utils {

/// Whether an object is still private to the thread building it (see the
/// header). One per translation unit; the answers are memoised.
class Unpublished {
public:
  Unpublished(ASTContext &Ctx, CFGCache &CFGs, unsigned MaxDepth);
  ~Unpublished();

  /// \p F (its body; for a constructor also its initialisers and the base
  /// constructors they run) may let `this` escape. True for a function
  /// without a visible body (unless a trivial constructor).
  bool publishesThis(const FunctionDecl *F, unsigned Depth = 0);

  /// \p Call, a statement of \p F's body made on `this`, runs before `this`
  /// can have escaped: no escape of `this` in the body reaches it on the CFG
  /// (nor is in the same CFG element), and, for a constructor, no
  /// initialiser lets `this` escape.
  bool beforeThisEscapes(const FunctionDecl *F, const Stmt *Call);

  /// \p Object, the object \p Call (a statement of \p F's body) is made on,
  /// is a local variable of \p F holding (or pointing to) an object that
  /// \p F itself created, whose construction lets `this` not escape, and no
  /// use of the variable that may hand the object on reaches \p Call.
  bool onFreshLocal(const FunctionDecl *F, const Stmt *Call,
                    const Expr *Object);

  struct BodyEscapes;

private:
  /// The uses of `this` in \p F's body that let it escape; null when the
  /// body is not visible or \p F is being analysed (a cycle).
  const BodyEscapes *escapesOf(const FunctionDecl *F, unsigned Depth);
  /// A constructor's initialisers (and the constructors they delegate to
  /// or run for bases) let `this` escape.
  bool initsPublish(const CXXConstructorDecl *C, unsigned Depth);
  /// \p RD's construction lets `this` not escape, whichever visible
  /// constructor runs (make_shared: the one run is not named here).
  bool everyConstructorPrivate(const CXXRecordDecl *RD);
  /// No escape in \p Escapes (statements of \p F's body) reaches \p Call,
  /// nor is in its CFG element; \p AtCall, an escape made by the call
  /// itself, only must not reach it again (around a loop).
  bool noneReaches(const FunctionDecl *F, llvm::ArrayRef<const Stmt *> Escapes,
                   const Stmt *Call, const Stmt *AtCall = nullptr);

  ASTContext &Ctx;
  CFGCache &CFGs;
  unsigned MaxDepth;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<BodyEscapes>> Bodies;
  llvm::DenseMap<const FunctionDecl *, std::optional<bool>> Publishes;
  /// The uses of a local of a caller, each marked when it hands it on.
  llvm::DenseMap<const VarDecl *,
                 std::vector<std::pair<const DeclRefExpr *, bool>>>
      LocalUsesOf;
};

} // namespace clang::tidy::conclint::utils

#endif
