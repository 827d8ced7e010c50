//===-- Names.h - one way to name functions and types -----------*- C++ -*-===//
//
// The one name facility of conclint: the qualified name every check prints
// and matches, and the one pattern syntax of every option that names
// functions or types (HeavyFunctions, NonCpuFunctions, BlockingFunctions,
// OffloadFunctions, ThreadTypes, EventLoopExecutors, ThreadSwitchAwaitables,
// ...).
//
// Qualified name (qualifiedName): a leading `::`, then the enclosing
// namespaces and classes. Inline namespaces (libc++'s `std::__1`), anonymous
// namespaces, unnamed classes (lambdas) and template arguments never appear;
// a constructor is named after its class (`::std::lock_guard::lock_guard`);
// a function template by its templated function. An entity declared inside a
// function is named relative to that function (`::Local::run`).
//
// Pattern syntax (NamePattern), one pattern per `;`-separated list entry:
//   `::a::b`   the fully qualified name `::a::b` (as qualifiedName prints it);
//   `a::b`     the same: a name holding `::` is fully qualified, the leading
//              `::` is optional (older ThreadTypes spellings);
//   `name`     any function or type whose own name is `name`, in any scope;
//   `...*`     a trailing `*` matches any suffix (`::std::regex_*`,
//              `async_*`).
// Nothing else is special; the match is exact and case-sensitive.
//
// Where the entity is known to the code (a standard library class, Asio) the
// checks use declaration checks instead of names: Decl::isInStdNamespace()
// and isInNamespace() below, which see through inline namespaces.
//
// Direction of approximation: none. A name either matches or not; a
// declaration without an identifier (an operator, a lambda's call operator)
// matches only a qualified pattern spelling its printed name.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_NAMES_H
#define CONCLINT_CHECKS_UTILS_NAMES_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// The qualified name of \p D as described above ("::std::future::get").
/// Empty for null.
std::string qualifiedName(const NamedDecl *D);

/// The last component of qualifiedName(D): the class name for a
/// constructor, the identifier otherwise, the printed name for operators.
std::string simpleName(const NamedDecl *D);

/// True if \p D lies inside the namespace \p Path, given outermost first
/// without a leading `::` ("asio", "boost::asio"), inline and anonymous
/// namespaces skipped; the path must start at the translation unit.
bool isInNamespace(const Decl *D, llvm::StringRef Path);

/// One pattern of the syntax above.
class NamePattern {
public:
  /// Parses \p Text (blanks trimmed).
  explicit NamePattern(llvm::StringRef Text);

  /// The pattern as normalised (a qualified one starts with `::`).
  llvm::StringRef text() const { return Text; }
  /// Whether the pattern is fully qualified.
  bool isQualified() const { return Qualified; }
  /// Whether the pattern ends in `*`.
  bool isPrefix() const { return Prefix; }

  /// Matches \p D (a function template is matched by its function).
  bool matches(const NamedDecl *D) const;
  /// Matches a name given as text: \p Qualified as qualifiedName prints it,
  /// \p Simple its last component.
  bool matchesNames(llvm::StringRef Qualified, llvm::StringRef Simple) const;

private:
  std::string Text; // normalised, without the trailing `*`
  bool Qualified = false;
  bool Prefix = false;
};

/// Matches \p D against one pattern given as text.
bool matchesName(const NamedDecl *D, llvm::StringRef Pattern);

/// A list of patterns, with a per-declaration cache.
class NameSet {
public:
  NameSet() = default;
  explicit NameSet(llvm::ArrayRef<std::string> Patterns);
  /// From a `;`-separated option string.
  static NameSet fromOption(llvm::StringRef Option);

  bool empty() const { return Patterns.empty(); }
  llvm::ArrayRef<NamePattern> patterns() const { return Patterns; }

  /// The first pattern matching \p D, or null.
  const NamePattern *match(const NamedDecl *D) const;
  bool contains(const NamedDecl *D) const { return match(D) != nullptr; }

private:
  std::vector<NamePattern> Patterns;
  // Canonical declaration -> index of the matching pattern + 1 (0: none);
  // emptied when a declaration of another ASTContext is asked about.
  mutable llvm::DenseMap<const Decl *, unsigned> Cache;
  mutable const ASTContext *CacheCtx = nullptr;
};

} // namespace clang::tidy::conclint::utils

#endif
