//===-- Worker.h - analyse one translation unit ------------------*- C++ -*-===//
//
// The driver runs each translation unit in a child process of itself
// (`conclint --internal-worker=REQUEST`), so a crash in one TU cannot take the
// others' results with it. The child runs the clang-tidy library on the TU
// and writes a TUResult as JSON.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_WORKER_H
#define CONCLINT_DRIVER_WORKER_H

#include "Options.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/JSON.h"

namespace conclint {

/// What the driver hands a worker process.
struct WorkRequest {
  ConfigInputs Config;
  std::string File;
  std::string Directory;
  std::vector<std::string> Arguments;
  std::string ResourceDir; ///< injected unless the command names one
  std::string Output;      ///< where the worker writes its TUResult
};

llvm::json::Value toJSON(const WorkRequest &R);
bool fromJSON(const llvm::json::Value &V, WorkRequest &R, llvm::json::Path P);

/// Entry point of the worker mode. Returns the process exit code: 0 when a
/// result was written (even for a TU that does not compile), 2 otherwise.
int runWorker(llvm::StringRef RequestPath);

/// Writes the preprocessed source of the request's TU to its Output (the
/// crash reproducer). Returns 0 on success.
int runPreprocessor(llvm::StringRef RequestPath);

} // namespace conclint

#endif
