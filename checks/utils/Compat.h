//===-- Compat.h - differences between the supported LLVM versions -*- C++ -*-===//
//
// conclint builds against LLVM 22 and LLVM 19 from one source tree
// (CONCLINT_LLVM_VERSION, see the README). Every difference between them that
// our sources meet is bridged here, so the checks read as LLVM 22 code.
// Contract: including this header changes nothing when built against LLVM 22.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_COMPAT_H
#define CONCLINT_CHECKS_UTILS_COMPAT_H

#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR < 22
// LLVM 22 declares ClangTidyModuleRegistry in ClangTidyModule.h (and
// deprecates the separate header); LLVM 19 has it only in the separate one.
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

#endif
