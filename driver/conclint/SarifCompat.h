//===-- SarifCompat.h - clang's SARIF writer across LLVM versions -*- C++ -*-===//
//
// The SARIF report (Report.cpp) asks clang's SarifDocumentWriter only for
// what LLVM 19's and LLVM 22's writers both make: rules, artifacts and a
// result's physical locations. Related locations and partial fingerprints
// (which only LLVM 22's writer makes) are written by Report.cpp itself from
// those locations, so both versions give the same log. The two remaining
// differences are bridged here. Contract: on LLVM 22 these are the writer's
// own functions; on LLVM 19 they give LLVM 22's answers.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_SARIFCOMPAT_H
#define CONCLINT_DRIVER_SARIFCOMPAT_H

#include "clang/Basic/Sarif.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Path.h"

#include <string>

namespace conclint::compat {

/// The file URI the SARIF writer gives \p Path in its artifacts and
/// locations: "file://", then a UNC host as the authority or a drive as the
/// first segment, then every component after the root, each byte outside
/// RFC 3986's unreserved and sub-delimiter characters (and ':' '@')
/// percent-encoded in upper-case hex. Like the writer, it drops the first
/// component, which is the root of the absolute paths it is given.
/// LLVM 22 exposes the writer's function (SarifDocumentWriter::fileNameToURI);
/// LLVM 19 keeps it private, so this is what the driver uses there.
/// test/driver/same-output-across-llvm.test compares the two on a path with
/// a space, '#' and a non-ASCII letter.
inline std::string sarifFileURI(llvm::StringRef Path) {
  std::string URI = "file://";
  llvm::StringRef Root = llvm::sys::path::root_name(Path);
  if (Root.starts_with("//"))
    URI += Root.drop_front(2).str();
  else if (!Root.empty())
    URI += "/" + Root.str();
  auto It = llvm::sys::path::begin(Path), End = llvm::sys::path::end(Path);
  if (It == End)
    return URI;
  for (++It; It != End; ++It) {
    if (*It == "\\")
      continue;
    URI += '/';
    for (char C : *It) {
      if (llvm::isAlnum(C) ||
          llvm::StringRef("-._~:@!$&'()*+,;=").contains(C))
        URI += C;
      else
        URI += "%" + llvm::toHex(llvm::StringRef(&C, 1));
    }
  }
  return URI;
}

/// The URI of \p Path as the writer of this LLVM spells it.
inline std::string fileURI(llvm::StringRef Path) {
#if LLVM_VERSION_MAJOR < 22
  return sarifFileURI(Path);
#else
  return clang::SarifDocumentWriter::fileNameToURI(Path);
#endif
}

/// \p Res with \p Ranges as its locations (LLVM 22 appends, LLVM 19 only
/// sets: the same on a result that has none yet).
inline clang::SarifResult
withLocations(clang::SarifResult Res,
              llvm::ArrayRef<clang::CharSourceRange> Ranges) {
#if LLVM_VERSION_MAJOR < 22
  return Res.setLocations(Ranges);
#else
  return Res.addLocations(Ranges);
#endif
}

} // namespace conclint::compat

#endif
