//===-- ThreadTypes.h - which types are threads ------------------*- C++ -*-===//
//
// Decides whether a type is one of a configured set of thread types (for
// example "::std::thread", names as in Names.h), or a standard container whose elements are such
// threads. Names are compared without inline namespaces, so libc++'s
// std::__1::thread is "::std::thread" too. Sugar (typedefs, aliases,
// elaborated types) and cv-qualifiers are looked through; references and
// pointers are not: a "std::thread &" is not a thread object.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_THREADTYPES_H
#define CONCLINT_CHECKS_UTILS_THREADTYPES_H

#include "Names.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang {
class CXXRecordDecl;
class NamedDecl;
} // namespace clang

namespace clang::tidy::conclint::utils {

/// A set of thread types given by qualified names, with a per-record cache.
class ThreadTypeSet {
public:
  /// \p Names are qualified names; a missing leading "::" is added. Empty
  /// entries are ignored.
  explicit ThreadTypeSet(llvm::ArrayRef<llvm::StringRef> Names);

  /// The names as given, normalised to start with "::".
  llvm::ArrayRef<std::string> names() const { return Names; }

  /// True if \p D is one of the thread types.
  bool isThreadRecord(const CXXRecordDecl *D) const;

  /// True if \p T (after sugar and cv-qualifiers) is one of the thread types.
  bool isThread(QualType T) const;

  /// True if \p T is a class template specialization from namespace std
  /// that owns its elements (vector, deque, list, forward_list, array, and the
  /// map family) with a thread type among its
  /// type template arguments.
  bool isThreadContainer(QualType T) const;

private:
  std::vector<std::string> Names;
  mutable llvm::DenseMap<const CXXRecordDecl *, bool> Cache;
};

} // namespace clang::tidy::conclint::utils

#endif
