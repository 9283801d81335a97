//===- helperlink/Pipeline.h - The stages in order, for every front door -*- C++ -*-===//
//
// inputs -> checks -> link -> decide/inline -> late round -> checkResult
//   -> (emit -> checkObject) -> report.
// The tool's post-step runs all of it (runPostStep); the rustc plugin runs
// the middle on rustc's own module (inlineHelpers, then inlineLateHelperCalls
// and checkResult once rustc's optimizer is done); the fuzzer and the unit
// tests call the same. docs/design.md says where a new stage goes.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_PIPELINE_H
#define HELPERLINK_PIPELINE_H

#include "helperlink/Config.h"
#include "helperlink/Inline.h"
#include "helperlink/Link.h"
#include "helperlink/Report.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace helperlink {

/// What inlining left for the checks after optimization.
struct HelperInlining {
  LinkResult Linked;
  /// Crate functions that received inlined code, in module order. Valid
  /// until the module is optimized again (the plugin keeps names instead).
  std::vector<llvm::Function *> Touched;
  /// The crate calls nothing the helper files define: nothing was linked,
  /// and there is nothing to check after optimization.
  bool NothingNeeded = false;
  /// Another optimizer (rustc's, in plugin mode) runs between inlining and
  /// checkResult and adds library calls of its own (memcmp as bcmp, ...):
  /// only symbols that linked helper code references count as new.
  bool OptimizedByRustc = false;
};

/// Reads \p Cfg's helpers into \p Crate's context, checks them against it,
/// links what the crate needs and inlines every call it can. \p CrateName
/// names the crate in errors; \p TM is built for the crate. Fills \p R.
llvm::Expected<HelperInlining> inlineHelpers(llvm::Module &Crate, llvm::StringRef CrateName,
                                             const Config &Cfg, const llvm::TargetMachine &TM,
                                             Report &R);

/// After an optimizer that ran between inlineHelpers and checkResult
/// (rustc's, or the post-step's re-optimization): inlines the calls to
/// linked helpers it made direct (a function pointer it resolved) that
/// LLVM's inliner left, by the same decisions, and re-optimizes the
/// functions that received them. Adds them to \p R's call sites.
void inlineLateHelperCalls(llvm::Module &Crate, const HelperInlining &Inlined,
                           llvm::TargetMachine &TM, Report &R);

/// Calls from \p Crate to functions named with Cfg.HelperPrefix that none
/// of \p Helpers defines, one problem each (a RefusalError), naming the
/// crate \p CrateName, the function and what to do; success without a
/// prefix. Without it the program's link would fail, naming neither.
llvm::Error checkUndefinedHelpers(const llvm::Module &Crate, llvm::StringRef CrateName,
                                  llvm::ArrayRef<const llvm::Module *> Helpers,
                                  llvm::ArrayRef<std::string> HelperFiles, const Config &Cfg);

/// After the last optimization: the symbols the object will newly
/// reference, and the refusals of --exported-symbols and --require-inlined,
/// returned as a RefusalError.
llvm::Error checkResult(llvm::Module &Crate, llvm::StringRef CrateName,
                        const HelperInlining &Inlined, const Config &Cfg, Report &R);

/// After emission: the undefined symbols of \p Object, the emitted object,
/// that the module did not show (library calls code generation adds,
/// symbols inline assembly names) join R's new undefined symbols; those
/// --exported-symbols does not list are refused, as a RefusalError.
llvm::Error checkObject(llvm::StringRef Object, llvm::StringRef CrateName,
                        const HelperInlining &Inlined, const Config &Cfg, Report &R);

/// The post-step: Cfg.CrateFile in, Cfg.OutputFile and Cfg.ReportFile out,
/// together or not at all. A refusal writes the report alone. \p R holds
/// what the run found, as far as it got (warnings, timings).
llvm::Error runPostStep(const Config &Cfg, Report &R);

/// `helperlink helper-stamps`: for each helper of Cfg.HelperFiles, the file
/// Cfg.OutputFile/<helper> holding its digest (helperDigests), rewritten only
/// when the digest changed, so that make rebuilds only the objects whose
/// dep-info names it (--helper-stamps). A helper no longer defined keeps
/// its stamp, rewritten to say so: what inlined it must be built again.
llvm::Error writeHelperStamps(const Config &Cfg);

/// The stamps, in Cfg.HelperStampDir, of the helpers \p R says the crate
/// calls; none without --helper-stamps.
std::vector<std::string> helperStampsFor(const Config &Cfg, const Report &R);

/// Writes \p R as JSON to \p Path, atomically; nothing without a path.
llvm::Error writeReport(const Report &R, llvm::StringRef Path);
/// Writes \p Report (Report::toJSON, mergeUnitReports) to \p Path, atomically.
llvm::Error writeReport(const llvm::json::Value &Report, llvm::StringRef Path);

/// Refusals that leave no output: one line each.
class RefusalError : public llvm::ErrorInfo<RefusalError> {
public:
  static char ID;
  explicit RefusalError(std::vector<std::string> Problems) : Problems(std::move(Problems)) {}
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;
  std::vector<std::string> Problems;
};

/// The lines a front door prints for \p E, each after "helperlink: error: ":
/// "<file>: <what>" for a file's error, one line per refusal.
std::vector<std::string> errorLines(llvm::Error E);

} // namespace helperlink

#endif
