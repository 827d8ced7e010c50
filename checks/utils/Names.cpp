//===-- Names.cpp - one way to name functions and types -------------------===//

#include "Names.h"
#include "CheckOptions.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::conclint::utils {

std::string simpleName(const NamedDecl *D) {
  if (!D)
    return "";
  if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
    D = FT->getTemplatedDecl();
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    return Ctor->getParent()->getName().str();
  if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(D))
    return "~" + Dtor->getParent()->getName().str();
  if (D->getIdentifier())
    return D->getName().str();
  return D->getNameAsString();
}

std::string qualifiedName(const NamedDecl *D) {
  if (!D)
    return "";
  if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
    D = FT->getTemplatedDecl();
  llvm::SmallVector<std::string, 6> Parts;
  Parts.push_back(simpleName(D));
  for (const DeclContext *C = D->getDeclContext(); C; C = C->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(C)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName().str());
    } else if (const auto *RD = dyn_cast<RecordDecl>(C)) {
      if (RD->getIdentifier())
        Parts.push_back(RD->getName().str());
    } else if (isa<FunctionDecl>(C)) {
      break; // a local entity: named relative to its function
    }
  }
  std::string Out;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It)
    Out += "::" + *It;
  return Out;
}

bool isInNamespace(const Decl *D, llvm::StringRef Path) {
  if (!D)
    return false;
  llvm::SmallVector<llvm::StringRef, 4> Chain; // innermost first
  for (const DeclContext *C = D->getDeclContext(); C; C = C->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(C))
      if (!NS->isInline() && !NS->isAnonymousNamespace())
        Chain.push_back(NS->getName());
  llvm::SmallVector<llvm::StringRef, 4> Want;
  Path.split(Want, "::", -1, /*KeepEmpty=*/false);
  if (Want.empty() || Want.size() > Chain.size())
    return false;
  for (size_t I = 0; I < Want.size(); ++I)
    if (Chain[Chain.size() - 1 - I] != Want[I])
      return false;
  return true;
}

NamePattern::NamePattern(llvm::StringRef T) {
  T = T.trim();
  Prefix = T.consume_back("*");
  Qualified = T.contains("::");
  if (Qualified && !T.starts_with("::"))
    Text = "::" + T.str();
  else
    Text = T.str();
}

bool NamePattern::matchesNames(llvm::StringRef Q, llvm::StringRef Simple) const {
  llvm::StringRef Subject = Qualified ? Q : Simple;
  return Prefix ? Subject.starts_with(Text) : Subject == Text;
}

bool NamePattern::matches(const NamedDecl *D) const {
  if (!D)
    return false;
  if (!Qualified) {
    // Cheap: no qualified name needed.
    std::string S = simpleName(D);
    return Prefix ? llvm::StringRef(S).starts_with(Text) : S == Text;
  }
  return matchesNames(qualifiedName(D), "");
}

bool matchesName(const NamedDecl *D, llvm::StringRef Pattern) {
  return NamePattern(Pattern).matches(D);
}

NameSet::NameSet(llvm::ArrayRef<std::string> Ps) {
  for (const std::string &P : Ps)
    if (!llvm::StringRef(P).trim().empty())
      Patterns.emplace_back(P);
}

NameSet NameSet::fromOption(llvm::StringRef Option) {
  return NameSet(splitOptionList(Option));
}

const NamePattern *NameSet::match(const NamedDecl *D) const {
  if (!D || Patterns.empty())
    return nullptr;
  if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
    D = FT->getTemplatedDecl();
  if (&D->getASTContext() != CacheCtx) {
    Cache.clear();
    CacheCtx = &D->getASTContext();
  }
  const Decl *Key = D->getCanonicalDecl();
  if (auto It = Cache.find(Key); It != Cache.end())
    return It->second ? &Patterns[It->second - 1] : nullptr;
  std::string Q = qualifiedName(D), S = simpleName(D);
  unsigned Hit = 0;
  for (unsigned I = 0; I < Patterns.size() && !Hit; ++I)
    if (Patterns[I].matchesNames(Q, S))
      Hit = I + 1;
  Cache[Key] = Hit;
  return Hit ? &Patterns[Hit - 1] : nullptr;
}

} // namespace clang::tidy::conclint::utils
