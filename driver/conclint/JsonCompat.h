//===-- JsonCompat.h - llvm::json across LLVM versions -----------*- C++ -*-===//
//
// The one llvm::json difference the driver meets (see TidyCompat.h for the
// others): LLVM 19 cannot read a JSON number into an `unsigned`, which the
// driver's records (Model.h) hold. Contract: including this header changes
// nothing when built against LLVM 22; against LLVM 19 it gives LLVM 22's
// answer. Include it before any ObjectMapper::map of an unsigned field.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_JSONCOMPAT_H
#define CONCLINT_DRIVER_JSONCOMPAT_H

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/JSON.h"

#if LLVM_VERSION_MAJOR < 22
namespace llvm::json {
/// LLVM 22's reading of an unsigned (LLVM 19 has only the int, int64_t and
/// uint64_t ones): any integer, converted as an assignment converts it.
inline bool fromJSON(const Value &E, unsigned &Out, Path P) {
  if (std::optional<int64_t> S = E.getAsInteger()) {
    Out = static_cast<unsigned>(*S);
    return true;
  }
  P.report("expected unsigned integer");
  return false;
}
} // namespace llvm::json
#endif

#endif
