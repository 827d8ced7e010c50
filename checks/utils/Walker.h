//===-- Walker.h - one compiled AST walk for every visitor -------*- C++ -*-===//
//
// Contract: Walker traverses exactly as clang::RecursiveASTVisitor does (same
// nodes, same order, same meaning of the should* settings and of a false
// return, which stops the walk), calling its virtual hooks where
// RecursiveASTVisitor would call the derived class's methods.
//
// Why: every RecursiveASTVisitor<Derived> instantiates the whole traversal
// (a Traverse and a WalkUpFrom function for every AST node class) once per
// visitor. With about fifty visitors, that instantiation was the largest
// part of the time spent compiling the checks, in each of the three trees
// CI builds. Here it is instantiated once (Walker.cpp), and a visitor
// overrides the hooks it needs. Like clang's DynamicRecursiveASTVisitor
// (LLVM 20 and later), which LLVM 19 lacks.
//
// Use: derive from Walker, override (always with `override`, so that a
// signature that does not match is an error, not a hook never called) the
// Visit, Traverse and should hooks below, and call Walker::TraverseX for the
// default traversal of a node from an overriding TraverseX. A hook missing
// here is added here: a Visit hook in the list of Visit hooks, a Traverse
// hook (which changes how the walk recurses) in the list of Traverse hooks.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_WALKER_H
#define CONCLINT_CHECKS_UTILS_WALKER_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::conclint::utils {

class Walker {
public:
  virtual ~Walker();

  // RecursiveASTVisitor's settings, asked during the walk.
  virtual bool shouldVisitTemplateInstantiations() const { return false; }
  virtual bool shouldVisitImplicitCode() const { return false; }
  virtual bool shouldVisitLambdaBody() const { return true; }

  // Entry points. TraverseDecl is also a hook: the walk calls it for every
  // declaration it enters.
  virtual bool TraverseDecl(Decl *D);
  bool TraverseStmt(Stmt *S);

  // Hooks around every statement the walk reaches through its queue
  // (RecursiveASTVisitor::dataTraverseStmtPre/Post).
  virtual bool dataTraverseStmtPre(Stmt *) { return true; }
  virtual bool dataTraverseStmtPost(Stmt *) { return true; }

  // Traverse hooks: overriding one replaces the traversal of that node;
  // Walker::TraverseX is the default traversal.
#define CONCLINT_WALKER_TRAVERSE(CLASS) virtual bool Traverse##CLASS(CLASS *N);
#include "utils/WalkerHooks.def"

  // Visit hooks: called, most general class first, for each node walked.
#define CONCLINT_WALKER_VISIT(CLASS)                                           \
  virtual bool Visit##CLASS(CLASS *) { return true; }
#include "utils/WalkerHooks.def"
};

} // namespace clang::tidy::conclint::utils

#endif
