//===- helperlink/Report.h - What helperlink did, call site by call site -*- C++ -*-===//

#ifndef HELPERLINK_REPORT_H
#define HELPERLINK_REPORT_H

#include "helperlink/Codegen.h"
#include "helperlink/Compat.h"
#include "helperlink/Inline.h"
#include "helperlink/Inputs.h"
#include "helperlink/Link.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace helperlink {

struct InputSummary {
  std::string Path;
  InputRole Role;
  InputFormat Format;
  std::string Producer;
  std::string Triple;
};

InputSummary summarizeInput(const InputFile &In);

struct Report {
  /// "post-step" or "plugin".
  std::string Mode;
  std::vector<InputSummary> Inputs;
  TargetSettings Target;
  std::string Reopt;
  CompatFindings Compat;
  std::vector<std::string> HelpersLinked;
  /// The helpers the crate itself calls (the rest of HelpersLinked came
  /// with them: static functions of the helper files), sorted.
  std::vector<std::string> HelpersCalled;
  /// External declarations from the helpers whose dso_local the crate's
  /// relocation model does not allow, dropped.
  std::vector<DSOLocalDrop> DSOLocalDropped;
  /// The helper files' interposable definitions the crate refers to or got:
  /// left to the program's link, or linked with --allow-interposable.
  std::map<std::string, InterposableDefinition> Interposable;
  std::vector<CallSiteRecord> CallSites;
  std::vector<AttributeChange> AttributeChanges;
  std::vector<AttributeChange> HelperTargetChanges;
  std::vector<std::string> Reoptimized;
  std::vector<std::string> NewUndefinedSymbols;
  /// The helpers that brought each new undefined symbol in.
  std::map<std::string, std::vector<std::string>> NewUndefinedSources;
  std::vector<std::string> Warnings;
  /// What inlining could not give although nothing is wrong (a helper that
  /// only forwards to the C library's out-of-line function).
  std::vector<std::string> Notes;
  /// Wall time per stage, for -v; not in the JSON, which the same inputs
  /// must reproduce byte for byte.
  std::vector<std::pair<std::string, double>> StageSeconds;
  /// A report merged from codegen units (mergeUnitReports): their names.
  std::optional<std::vector<std::string>> CodegenUnits;

  llvm::json::Value toJSON() const;
  /// What toJSON wrote, read back (a codegen unit's report, to merge it).
  /// The timings are not in it.
  static llvm::Expected<Report> fromJSON(const llvm::json::Value &V);
  /// Adds \p Unit, the report of another codegen unit of the same crate:
  /// its lists joined to these (helpers, notes and symbols listed once),
  /// its settings and inputs left for these.
  void merge(Report &&Unit);
  /// The human summary: -v (1) the counts, refusals and time per stage;
  /// -vv (2) also the routine notes.
  void printSummary(llvm::raw_ostream &OS, unsigned Verbosity = 1) const;
};

/// Symbols in \p After but not in \p Before.
std::vector<std::string> newSymbols(const std::set<std::string> &Before,
                                    const std::set<std::string> &After);

/// One report for a whole crate from the plugin's per-unit reports, in the
/// post-step's shape (Report::merge): "mode": "plugin" and "codegen_units"
/// naming the units. Without units, those keys and the summary alone.
llvm::json::Value mergeUnitReports(std::vector<Report> Units);

} // namespace helperlink

#endif
