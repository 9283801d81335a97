//===- helperlink/Output.h - Atomic output files ----------------*- C++ -*-===//

#ifndef HELPERLINK_OUTPUT_H
#define HELPERLINK_OUTPUT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"

#include <string>
#include <vector>

namespace llvm {
class raw_pwrite_stream;
}

namespace helperlink {

/// Outputs that appear together or not at all. Each is written to a
/// temporary file beside it; commit() renames them into place only once all
/// were written. Anything not committed is removed: a failure leaves no
/// partial file and existing files untouched. "-" is standard output, and
/// a device or FIFO (/dev/null) is written in place, both at commit().
class OutputSet {
public:
  using Writer = llvm::function_ref<llvm::Error(llvm::raw_pwrite_stream &)>;

  llvm::Error add(llvm::StringRef Path, Writer Write);
  llvm::Error commit();
  ~OutputSet();

private:
  struct Pending {
    std::string Path;
    std::optional<llvm::sys::fs::TempFile> Temp;
    /// The contents, for standard output or a device written in place.
    llvm::SmallString<0> Stdout;
    bool InPlace = false;
  };
  std::vector<Pending> Files;
};

/// A set of one.
llvm::Error writeAtomically(llvm::StringRef Path, OutputSet::Writer Write);

/// Adds \p Files to the dep-info (make rules) at \p DepInfoPath as
/// prerequisites of each output's rule, each with an empty rule of its own,
/// as rustc lists its sources, so that make does not stop when one is gone.
llvm::Error addDepInfoPrerequisites(llvm::StringRef DepInfoPath, llvm::ArrayRef<std::string> Files);

} // namespace helperlink

#endif
