//===- Report.cpp - What helperlink did, call site by call site -----------===//

#include "helperlink/Report.h"

#include "helperlink/Version.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <set>

using namespace llvm;

namespace helperlink {

InputSummary summarizeInput(const InputFile &In) {
  return {In.Path, In.Role, In.Format, In.Producer,
          In.M ? In.M->getTargetTriple().str() : std::string()};
}

std::vector<std::string> newSymbols(const std::set<std::string> &Before,
                                    const std::set<std::string> &After) {
  std::vector<std::string> New;
  std::set_difference(After.begin(), After.end(), Before.begin(), Before.end(),
                      std::back_inserter(New));
  return New;
}

static const char *roleName(InputRole R) {
  return R == InputRole::Crate ? "crate" : "helpers";
}

static json::Value flagValue(const std::optional<std::string> &V) {
  if (!V)
    return nullptr;
  return *V;
}

static const char *flagAction(FlagPolicy P) {
  switch (P) {
  case FlagPolicy::KeepCrate: return "kept crate value";
  case FlagPolicy::Informational: return "dropped with helper debug info";
  case FlagPolicy::MustMatch: return "compatible";
  }
  return "";
}

json::Value Report::toJSON() const {
  json::Array InputsJ;
  for (const InputSummary &I : Inputs)
    InputsJ.push_back(json::Object{
        {"path", I.Path},
        {"role", roleName(I.Role)},
        {"format", I.Format == InputFormat::Bitcode     ? "bitcode"
                    : I.Format == InputFormat::TextualIR ? "ir"
                                                         : "rustc-module"},
        {"producer", I.Producer},
        {"triple", I.Triple}});

  json::Array TripleJ;
  for (const TripleNote &N : Compat.TripleNotes)
    TripleJ.push_back(json::Object{
        {"file", N.HelperFile},
        {"crate_triple", N.CrateTriple},
        {"helper_triple", N.HelperTriple},
        {"note", "same architecture; vendor/OS/environment differ; accepted"}});

  json::Array FlagsJ;
  for (const ModuleFlagDifference &D : Compat.FlagDifferences)
    FlagsJ.push_back(json::Object{{"flag", D.Flag},
                                  {"file", D.HelperFile},
                                  {"crate", flagValue(D.CrateValue)},
                                  {"helper", flagValue(D.HelperValue)},
                                  {"action", flagAction(D.Policy)}});

  json::Array CallsJ;
  size_t Inlined = 0;
  for (const CallSiteRecord &C : CallSites) {
    Inlined += C.Inlined;
    json::Object O{{"caller", C.Caller},
                   {"callee", C.Callee},
                   {"inlined", C.Inlined},
                   {"reason", C.Reason}};
    std::string Demangled = demangle(C.Caller);
    if (Demangled != C.Caller)
      O["caller_demangled"] = Demangled;
    CallsJ.push_back(std::move(O));
  }

  json::Array AttrJ;
  for (const AttributeChange &A : AttributeChanges)
    AttrJ.push_back(json::Object{{"function", A.Function},
                                 {"added", json::Array(A.Added)},
                                 {"removed", json::Array(A.Removed)}});
  json::Array HelperTargetJ;
  for (const AttributeChange &A : HelperTargetChanges)
    HelperTargetJ.push_back(json::Object{{"function", A.Function},
                                         {"added", json::Array(A.Added)},
                                         {"removed", json::Array(A.Removed)},
                                         {"reason", A.Why}});

  json::Object TargetJ{{"triple", Target.Triple},
                       {"cpu", Target.CPU},
                       {"features", Target.Features},
                       {"relocation_model", nameOf(RelocationModelNames, Target.Relocation)},
                       {"function_sections", Target.FunctionSections}};
  TargetJ["code_model"] =
      Target.Code ? json::Value(nameOf(CodeModelNames, *Target.Code)) : json::Value(nullptr);

  json::Object SourcesJ;
  for (const auto &[Symbol, Helpers] : NewUndefinedSources)
    SourcesJ[Symbol] = json::Array(Helpers);

  json::Array DroppedJ;
  for (const DSOLocalDrop &D : DSOLocalDropped)
    DroppedJ.push_back(json::Object{{"symbol", D.Symbol},
                                    {"kind", D.IsFunction ? "function" : "variable"},
                                    {"helpers", json::Array(D.Helpers)}});

  json::Object InterposableJ;
  for (const auto &[Symbol, D] : Interposable)
    InterposableJ[Symbol] =
        json::Object{{"file", D.File}, {"kind", D.Kind}, {"linked", D.Linked}};

  return json::Object{
      {"helperlink_version", HELPERLINK_VERSION},
      {"mode", Mode},
      {"llvm_version", LLVM_VERSION_STRING},
      {"inputs", std::move(InputsJ)},
      {"target", std::move(TargetJ)},
      {"triple_differences", std::move(TripleJ)},
      {"module_flag_differences", std::move(FlagsJ)},
      {"helpers_linked", json::Array(HelpersLinked)},
      {"helpers_called", json::Array(HelpersCalled)},
      {"dso_local_dropped", std::move(DroppedJ)},
      {"interposable", std::move(InterposableJ)},
      {"call_sites", std::move(CallsJ)},
      {"summary", json::Object{{"call_sites", int64_t(CallSites.size())},
                               {"inlined", int64_t(Inlined)},
                               {"refused", int64_t(CallSites.size() - Inlined)}}},
      {"caller_attribute_changes", std::move(AttrJ)},
      {"helper_target_changes", std::move(HelperTargetJ)},
      {"reoptimize", Reopt},
      {"reoptimized_functions", json::Array(Reoptimized)},
      {"new_undefined_symbols", json::Array(NewUndefinedSymbols)},
      {"new_undefined_symbol_sources", std::move(SourcesJ)},
      {"warnings", json::Array(Warnings)},
      {"notes", json::Array(Notes)},
  };
}

void Report::printSummary(raw_ostream &OS, unsigned Verbosity) const {
  // The helpers the crate calls, and what came with them from the helper
  // files (static functions the helpers call): counted apart, so that a
  // library's own static inline function is not taken for a helper.
  std::set<std::string> Called(HelpersCalled.begin(), HelpersCalled.end());
  size_t HelperCalls = 0, HelperInlined = 0, OtherCalls = 0, OtherInlined = 0;
  for (const CallSiteRecord &C : CallSites) {
    bool ToHelper = Called.count(C.Callee);
    (ToHelper ? HelperCalls : OtherCalls) += 1;
    (ToHelper ? HelperInlined : OtherInlined) += C.Inlined;
  }
  std::vector<std::string> CameWith;
  for (const std::string &H : HelpersLinked)
    if (!Called.count(H))
      CameWith.push_back(H);
  OS << "helperlink: " << Called.size() << " helper(s) called, " << HelperInlined << " of "
     << HelperCalls << " call(s) to them inlined";
  if (!CameWith.empty() || OtherCalls)
    OS << "; " << CameWith.size() << " function(s) of the helper files came with them ("
       << join(CameWith, ", ") << "), " << OtherInlined << " of " << OtherCalls
       << " call(s) to those inlined";
  OS << "\n";
  for (const CallSiteRecord &C : CallSites)
    if (!C.Inlined)
      OS << "helperlink: not inlined: " << C.Caller << " -> " << C.Callee
         << ": " << C.Reason << "\n";
  for (const std::string &N : Notes)
    OS << "helperlink: note: " << N << "\n";
  if (!NewUndefinedSymbols.empty())
    OS << "helperlink: new undefined symbols: " << join(NewUndefinedSymbols, ", ")
       << "\n";
  if (!StageSeconds.empty()) {
    OS << "helperlink: time:";
    double Total = 0;
    for (const auto &[Stage, Seconds] : StageSeconds) {
      OS << format(" %s %.1f ms,", Stage.c_str(), Seconds * 1000);
      Total += Seconds;
    }
    OS << format(" total %.1f ms\n", Total * 1000);
  }
  if (Verbosity < 2)
    return;
  for (const TripleNote &N : Compat.TripleNotes)
    OS << "helperlink: note: " << N.HelperFile << ": triple '" << N.HelperTriple
       << "' differs from the crate's '" << N.CrateTriple
       << "' only in vendor/OS/environment\n";
  for (const ModuleFlagDifference &D : Compat.FlagDifferences)
    if (D.Policy == FlagPolicy::KeepCrate)
      OS << "helperlink: note: module flag '" << D.Flag << "': helper "
         << D.HelperValue.value_or("(absent)") << ", crate "
         << D.CrateValue.value_or("(absent)") << ": kept the crate's\n";
  for (const DSOLocalDrop &D : DSOLocalDropped)
    OS << "helperlink: note: " << (D.IsFunction ? "function '" : "variable '") << D.Symbol
       << "'" << (D.Helpers.empty() ? "" : " (helper '" + join(D.Helpers, "', '") + "')")
       << ": dso_local dropped, as in the crate's own declarations (relocation model "
       << nameOf(RelocationModelNames, Target.Relocation)
       << "): it may be defined in another object\n";
  for (const AttributeChange &A : AttributeChanges)
    OS << "helperlink: note: " << A.Function << ": attributes added ["
       << join(A.Added, ", ") << "] removed [" << join(A.Removed, ", ") << "]\n";
  for (const AttributeChange &A : HelperTargetChanges)
    OS << "helperlink: note: helper '" << A.Function
       << "' stays out of line (its address is taken, or a call was refused) with the "
          "crate's target attributes (" << A.Why << "), so a call the optimizer makes "
          "direct can still be inlined\n";
}

/// One report for the whole crate from the plugin's per-unit reports, in
/// the post-step's shape: the lists joined, the counts summed, and
/// "codegen_units" naming the units.
json::Value mergeUnitReports(std::vector<json::Value> Units) {
  json::Object Merged;
  json::Array UnitNames;
  std::set<std::string> Seen; // helpers and symbols listed once
  for (json::Value &U : Units) {
    json::Object *O = U.getAsObject();
    if (!O)
      continue;
    if (json::Array *Inputs = O->getArray("inputs"))
      if (!Inputs->empty())
        if (std::optional<StringRef> Unit = Inputs->front().getAsObject()->getString("path"))
          UnitNames.push_back(*Unit);
    if (Merged.empty()) {
      Merged = std::move(*O);
      if (json::Array *H = Merged.getArray("helpers_linked"))
        for (const json::Value &V : *H)
          Seen.insert("h:" + V.getAsString().value_or("").str());
      if (json::Array *H = Merged.getArray("helpers_called"))
        for (const json::Value &V : *H)
          Seen.insert("c:" + V.getAsString().value_or("").str());
      if (json::Array *H = Merged.getArray("notes"))
        for (const json::Value &V : *H)
          Seen.insert("n:" + V.getAsString().value_or("").str());
      if (json::Array *S = Merged.getArray("new_undefined_symbols"))
        for (const json::Value &V : *S)
          Seen.insert("s:" + V.getAsString().value_or("").str());
      if (json::Array *D = Merged.getArray("dso_local_dropped"))
        for (const json::Value &V : *D)
          Seen.insert("d:" + formatv("{0}", V).str());
      continue;
    }
    for (const char *Key : {"call_sites", "caller_attribute_changes", "helper_target_changes",
                            "reoptimized_functions",
                            "warnings", "module_flag_differences", "triple_differences"})
      if (json::Array *From = O->getArray(Key))
        if (json::Array *To = Merged.getArray(Key))
          for (json::Value &V : *From)
            To->push_back(std::move(V));
    for (auto [Key, Prefix] : {std::pair<const char *, const char *>{"helpers_linked", "h:"},
                               {"helpers_called", "c:"},
                               {"notes", "n:"},
                               {"new_undefined_symbols", "s:"}})
      if (json::Array *From = O->getArray(Key))
        if (json::Array *To = Merged.getArray(Key))
          for (json::Value &V : *From)
            if (Seen.insert(Prefix + V.getAsString().value_or("").str()).second)
              To->push_back(std::move(V));
    // Each unit that references the symbol drops its own declaration.
    if (json::Array *From = O->getArray("dso_local_dropped"))
      if (json::Array *To = Merged.getArray("dso_local_dropped"))
        for (json::Value &V : *From)
          if (Seen.insert("d:" + formatv("{0}", V).str()).second)
            To->push_back(std::move(V));
    for (const char *Key : {"new_undefined_symbol_sources", "interposable"})
      if (json::Object *From = O->getObject(Key))
        if (json::Object *To = Merged.getObject(Key))
          for (auto &KV : *From)
            To->try_emplace(KV.first, std::move(KV.second));
  }
  int64_t Calls = 0, Inlined = 0;
  if (json::Array *C = Merged.getArray("call_sites"))
    for (const json::Value &V : *C) {
      ++Calls;
      Inlined += V.getAsObject()->getBoolean("inlined").value_or(false);
    }
  Merged["summary"] =
      json::Object{{"call_sites", Calls}, {"inlined", Inlined}, {"refused", Calls - Inlined}};
  Merged["mode"] = "plugin";
  Merged["codegen_units"] = std::move(UnitNames);
  return json::Value(std::move(Merged));
}

} // namespace helperlink
