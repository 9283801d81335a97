//===- helperlink/Output.h - Atomic output files ----------------*- C++ -*-===//

#ifndef HELPERLINK_OUTPUT_H
#define HELPERLINK_OUTPUT_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class raw_pwrite_stream;
}

namespace helperlink {

/// Writes \p Path through \p Write into a temporary file beside it, renamed
/// over \p Path only when \p Write succeeds: a failure leaves no partial
/// file and an existing \p Path untouched. "-" writes to standard output.
llvm::Error
writeAtomically(llvm::StringRef Path,
                llvm::function_ref<llvm::Error(llvm::raw_pwrite_stream &)> Write);

} // namespace helperlink

#endif
