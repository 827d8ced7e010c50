//===-- ThreadTypes.cpp - which types are threads -------------------------===//

#include "utils/ThreadTypes.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::conclint::utils {

ThreadTypeSet::ThreadTypeSet(llvm::ArrayRef<llvm::StringRef> Given) {
  for (llvm::StringRef N : Given) {
    N = N.trim();
    if (N.empty())
      continue;
    Names.push_back(N.starts_with("::") ? N.str() : "::" + N.str());
  }
}

bool ThreadTypeSet::isThreadRecord(const CXXRecordDecl *D) const {
  if (!D)
    return false;
  D = D->getCanonicalDecl();
  auto It = Cache.find(D);
  if (It != Cache.end())
    return It->second;
  bool Result = false;
  if (D->getIdentifier()) {
    // Cheap filter on the last component before building the full name.
    llvm::StringRef Short = D->getName();
    for (const std::string &N : Names) {
      if (llvm::StringRef(N).ends_with("::" + Short.str()) &&
          qualifiedName(D) == N) {
        Result = true;
        break;
      }
    }
  }
  Cache[D] = Result;
  return Result;
}

bool ThreadTypeSet::isThread(QualType T) const {
  if (T.isNull())
    return false;
  return isThreadRecord(T->getAsCXXRecordDecl());
}

bool ThreadTypeSet::isThreadContainer(QualType T) const {
  if (T.isNull())
    return false;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || !Spec->getIdentifier())
    return false;
  // Containers that own their elements; smart pointers and wrappers such as
  // std::optional are not containers here.
  static constexpr llvm::StringLiteral Containers[] = {
      "vector", "deque", "list", "forward_list", "array", "map", "multimap",
      "unordered_map", "unordered_multimap"};
  if (!llvm::is_contained(Containers, Spec->getName()))
    return false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
    if (Arg.getKind() == TemplateArgument::Type && isThread(Arg.getAsType()))
      return true;
  return false;
}

} // namespace clang::tidy::conclint::utils
