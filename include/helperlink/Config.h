//===- helperlink/Config.h - Everything one run is told ---------*- C++ -*-===//
//
// The options of a run, filled by a front door (the tool's command line, the
// rustc plugin's environment, the fuzzer) and read by the pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_CONFIG_H
#define HELPERLINK_CONFIG_H

#include "helperlink/Codegen.h"
#include "helperlink/EnumNames.h"

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace helperlink {

/// How `helperlink rustc` makes the object: inside rustc's own pipeline
/// through the pass plugin, or by the post-step on rustc's bitcode.
enum class WrapperMode { Auto, Plugin, PostStep };

/// --mode's values, in the order its error lists them.
inline constexpr NamedValue<WrapperMode> WrapperModeNames[] = {{"plugin", WrapperMode::Plugin},
                                                               {"post-step", WrapperMode::PostStep},
                                                               {"auto", WrapperMode::Auto}};

struct Config {
  /// The crate's bitcode or IR (post-step only).
  std::string CrateFile;
  std::vector<std::string> HelperFiles;
  /// What to write, and where (post-step only).
  std::string OutputFile;
  EmitKind Emit = EmitKind::Object;
  /// The JSON report: a file for the post-step; for the plugin, a directory
  /// that gets one file per codegen unit.
  std::string ReportFile;
  /// Plugin, report directory: DIR/<profile>/<crate>/<unit>.json, the
  /// profile from rustc's --out-dir as cargo lays it out, and the units of
  /// the crate's earlier builds removed.
  bool ReportByCrate = false;
  bool RequireInlined = false;
  std::string ExportedSymbolsFile;
  ReoptScope Reopt = ReoptScope::Touched;
  TargetOverrides Overrides;
  /// Whether --function-sections was given (wrapper mode then does not take
  /// rustc's -Zfunction-sections).
  bool FunctionSectionsGiven = false;
  bool KeepHelperDebugInfo = false;
  /// Where `helperlink helper-stamps` wrote the helpers' stamps: rustc's
  /// dep-info then names the stamp of each helper the crate calls.
  std::string HelperStampDir;
  /// Inline helper definitions that another definition may replace at link
  /// time (weak, ...): the user knows no override exists.
  bool AllowInterposable = false;
  /// Per-crate copies of mutable C state and signature mismatches are
  /// errors, not warnings.
  bool Strict = false;
  /// Functions named with this prefix are helpers: a crate that calls one
  /// no helper file defines is an error before the program's link.
  std::string HelperPrefix;
  /// 0: errors and warnings; 1 (-v): a summary and the time per stage;
  /// 2 (-vv): also the routine notes.
  unsigned Verbosity = 0;
  WrapperMode Mode = WrapperMode::Auto;
  /// Input contents already in memory, by the name errors give them; an
  /// input named here is not read from disk (the fuzzer). Each is read from
  /// a copy, so it need not be followed by a NUL.
  std::map<std::string, llvm::StringRef> InMemoryInputs;
};

} // namespace helperlink

#endif
