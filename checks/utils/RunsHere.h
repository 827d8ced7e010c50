//===-- RunsHere.h - the code a translation unit shows running -*- C++ -*-===//
//
// Which functions of a translation unit its own code shows running, as
// opposed to functions that are here only because a header defines them:
// inline functions (defined in a class, `inline`, constexpr) and template
// instantiations whose body every translation unit that calls them, or
// creates an object of their class, sees as well.
//
// Roots (run here, whatever calls them):
//  - a function defined in the main file (this translation unit is where
//    its body is compiled; others may call it without seeing it);
//  - a function whose definition is neither inline nor a template
//    instantiation (one translation unit defines it);
//  - a destructor (objects die in ways no call expression names);
//  - a function \p Extra lists (the thread entries the caller reached);
//  - code outside any function body of user code: initialisers of globals,
//    statics and data members.
// From a function that runs here (lambda bodies count as the enclosing
// function's: a lambda exists only where its enclosing code runs), these
// run too:
//  - every function it names: calls, constructors of the objects it
//    creates, functions whose address it takes (`&f`, `&C::m`);
//  - for a virtual call, every method of the translation unit that
//    overrides the callee (dispatch may reach any of them);
//  - for an object it creates of class C (a construction, or a call of a
//    system-header function whose template arguments name C, as
//    `make_shared<C>`, `vector<C>::emplace_back`): every method of C and of
//    its bases (the object may be handed to code elsewhere that calls any
//    of them, or to library code that calls them by name).
// Code in system headers is not walked: a user function that only library
// code calls by name (a free `operator<` that `std::sort` uses) is missed,
// and its calls count as not running here.
//
// Direction of approximation: "does not run here" is the claim made, and it
// is under-approximated by everything above (every root and edge that may
// exist counts), except for the calls library code makes on its own.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_RUNSHERE_H
#define CONCLINT_CHECKS_UTILS_RUNSHERE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::conclint::utils {

class RunsHere {
public:
  /// Walks the translation unit once; \p Extra are further roots (function
  /// definitions, e.g. those reached from thread entries).
  RunsHere(ASTContext &Ctx, const llvm::DenseSet<const FunctionDecl *> &Extra);
  /// \p F runs in this translation unit by the evidence above.
  bool runs(const FunctionDecl *F) const {
    return Live.count(F->getCanonicalDecl());
  }

private:
  llvm::DenseSet<const FunctionDecl *> Live;
};

} // namespace clang::tidy::conclint::utils

#endif
