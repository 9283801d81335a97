//===- helperlink/Compat.h - Checks before linking --------------*- C++ -*-===//
//
// The second stage: refuse inputs that cannot be linked safely (another LLVM
// major, another architecture or data layout, a symbol defined twice, module
// flags that must agree) and record what differs but is acceptable.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_COMPAT_H
#define HELPERLINK_COMPAT_H

#include "helperlink/Inputs.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/TargetParser/Triple.h"

namespace llvm {
class Target;
}

#include <optional>
#include <string>
#include <vector>

namespace helperlink {

enum class TripleMatch {
  Identical,
  /// Same architecture; vendor, OS or environment differ
  /// (x86_64-unknown-none-elf vs x86_64-unknown-linux-gnu).
  SameArchitecture,
  Incompatible,
};

TripleMatch classifyTriples(const llvm::Triple &Crate, const llvm::Triple &Helper);

/// What helperlink does with a module flag whose helper value differs from
/// the crate's (or which only one side has).
enum class FlagPolicy {
  /// Whole-module codegen settings: the crate's value (or absence) is kept.
  KeepCrate,
  /// Debug-info bookkeeping, dropped with the helpers' debug info.
  Informational,
  /// ABI-defining flags: a conflict makes the link unsafe.
  MustMatch,
};

FlagPolicy classifyModuleFlag(llvm::StringRef Key);

struct ModuleFlagDifference {
  std::string Flag;
  std::string HelperFile;
  std::optional<std::string> CrateValue;  // nothing when the crate lacks it
  std::optional<std::string> HelperValue; // nothing when the helper lacks it
  FlagPolicy Policy;
};

struct TripleNote {
  std::string HelperFile;
  std::string CrateTriple;
  std::string HelperTriple;
};

struct CompatFindings {
  std::vector<TripleNote> TripleNotes;
  std::vector<ModuleFlagDifference> FlagDifferences;
};

/// Checks every helper module against the crate. Errors name the offending
/// file; what is acceptable but different is returned for the report.
llvm::Expected<CompatFindings> checkCompatibility(const llvm::Module &Crate,
                                                  llvm::StringRef CrateName,
                                                  llvm::ArrayRef<InputFile> Helpers);

/// Refuses functions whose target attributes LLVM cannot build a subtarget
/// for (an unknown target-cpu or tune-cpu; features that turn off the
/// triple's own mode), which would otherwise stop codegen with a fatal error.
llvm::Error checkFunctionTargets(const llvm::Module &M, llvm::StringRef Path, const llvm::Target &T,
                                 const llvm::Triple &TT);

} // namespace helperlink

#endif
