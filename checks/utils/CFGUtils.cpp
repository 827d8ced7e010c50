//===-- CFGUtils.cpp - small helpers around clang's CFG -------------------===//

#include "utils/CFGUtils.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::conclint::utils {

SourceLocation scopeExitLocation(const CFGAutomaticObjDtor &Dtor) {
  const Stmt *Trigger = Dtor.getTriggerStmt();
  if (!Trigger)
    return Dtor.getVarDecl()->getLocation();
  if (const auto *Block = dyn_cast<CompoundStmt>(Trigger))
    return Block->getRBracLoc();
  if (isa<ReturnStmt, BreakStmt, ContinueStmt, GotoStmt, IndirectGotoStmt,
          CoreturnStmt>(Trigger))
    return Trigger->getBeginLoc();
  // A variable declared in a condition or init-statement (if, for, while,
  // switch) leaves scope at the end of that statement.
  return Trigger->getEndLoc();
}

} // namespace clang::tidy::conclint::utils
