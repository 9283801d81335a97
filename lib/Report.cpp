//===- Report.cpp - What helperlink did, call site by call site -----------===//

#include "helperlink/Report.h"

#include "helperlink/EnumNames.h"
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

/// The names the report gives, read back by Report::fromJSON.
static constexpr NamedValue<InputRole> RoleNames[] = {{"crate", InputRole::Crate},
                                                      {"helpers", InputRole::Helpers}};
static constexpr NamedValue<InputFormat> FormatNames[] = {
    {"bitcode", InputFormat::Bitcode},
    {"ir", InputFormat::TextualIR},
    {"rustc-module", InputFormat::RustcModule}};
static constexpr NamedValue<FlagPolicy> FlagActionNames[] = {
    {"kept crate value", FlagPolicy::KeepCrate},
    {"dropped with helper debug info", FlagPolicy::Informational},
    {"compatible", FlagPolicy::MustMatch}};

static json::Value flagValue(const std::optional<std::string> &V) {
  if (!V)
    return nullptr;
  return *V;
}

json::Value Report::toJSON() const {
  json::Array InputsJ;
  for (const InputSummary &I : Inputs)
    InputsJ.push_back(json::Object{{"path", I.Path},
                                   {"role", nameOf(RoleNames, I.Role)},
                                   {"format", nameOf(FormatNames, I.Format)},
                                   {"producer", I.Producer},
                                   {"triple", I.Triple}});

  json::Array TripleJ;
  for (const TripleNote &N : Compat.TripleNotes)
    TripleJ.push_back(
        json::Object{{"file", N.HelperFile},
                     {"crate_triple", N.CrateTriple},
                     {"helper_triple", N.HelperTriple},
                     {"note", "same architecture; vendor/OS/environment differ; accepted"}});

  json::Array FlagsJ;
  for (const ModuleFlagDifference &D : Compat.FlagDifferences)
    FlagsJ.push_back(json::Object{{"flag", D.Flag},
                                  {"file", D.HelperFile},
                                  {"crate", flagValue(D.CrateValue)},
                                  {"helper", flagValue(D.HelperValue)},
                                  {"action", nameOf(FlagActionNames, D.Policy)}});

  json::Array CallsJ;
  size_t Inlined = 0;
  for (const CallSiteRecord &C : CallSites) {
    Inlined += C.Inlined;
    json::Object O{
        {"caller", C.Caller}, {"callee", C.Callee}, {"inlined", C.Inlined}, {"reason", C.Reason}};
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
    InterposableJ[Symbol] = json::Object{{"file", D.File}, {"kind", D.Kind}, {"linked", D.Linked}};

  json::Object ReportJ{
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
  if (CodegenUnits)
    ReportJ["codegen_units"] = json::Array(*CodegenUnits);
  return ReportJ;
}

/// Reads \p Key of \p V, a name from \p Names.
template <typename T, size_t N>
static bool mapName(const json::Value &V, StringLiteral Key, const NamedValue<T> (&Names)[N],
                    T &Out, json::Path P) {
  std::optional<StringRef> Name = V.getAsObject()->getString(Key);
  std::optional<T> Value = Name ? valueOf(Names, std::string_view(*Name)) : std::nullopt;
  if (!Value) {
    P.field(Key).report("not a name the report gives");
    return false;
  }
  Out = *Value;
  return true;
}

// What toJSON writes, read back: one function per type, found by json's
// templates for the lists and maps of them.
static bool fromJSON(const json::Value &V, InputSummary &I, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("path", I.Path) && mapName(V, "role", RoleNames, I.Role, P) &&
         mapName(V, "format", FormatNames, I.Format, P) && O.map("producer", I.Producer) &&
         O.map("triple", I.Triple);
}

static bool fromJSON(const json::Value &V, TargetSettings &T, json::Path P) {
  json::ObjectMapper O(V, P);
  if (!O || !O.map("triple", T.Triple) || !O.map("cpu", T.CPU) || !O.map("features", T.Features) ||
      !mapName(V, "relocation_model", RelocationModelNames, T.Relocation, P) ||
      !O.map("function_sections", T.FunctionSections))
    return false;
  T.Code.reset();
  if (const json::Value *Code = V.getAsObject()->get("code_model"); Code && !Code->getAsNull()) {
    CodeModel::Model Model;
    if (!mapName(V, "code_model", CodeModelNames, Model, P))
      return false;
    T.Code = Model;
  }
  return true;
}

static bool fromJSON(const json::Value &V, TripleNote &N, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("file", N.HelperFile) && O.map("crate_triple", N.CrateTriple) &&
         O.map("helper_triple", N.HelperTriple);
}

static bool fromJSON(const json::Value &V, ModuleFlagDifference &D, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("flag", D.Flag) && O.map("file", D.HelperFile) &&
         O.map("crate", D.CrateValue) && O.map("helper", D.HelperValue) &&
         mapName(V, "action", FlagActionNames, D.Policy, P);
}

static bool fromJSON(const json::Value &V, DSOLocalDrop &D, json::Path P) {
  json::ObjectMapper O(V, P);
  std::string Kind;
  if (!O || !O.map("symbol", D.Symbol) || !O.map("kind", Kind) || !O.map("helpers", D.Helpers))
    return false;
  D.IsFunction = Kind == "function";
  return true;
}

static bool fromJSON(const json::Value &V, InterposableDefinition &D, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("file", D.File) && O.map("kind", D.Kind) && O.map("linked", D.Linked);
}

static bool fromJSON(const json::Value &V, CallSiteRecord &C, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("caller", C.Caller) && O.map("callee", C.Callee) &&
         O.map("inlined", C.Inlined) && O.map("reason", C.Reason);
}

static bool fromJSON(const json::Value &V, AttributeChange &A, json::Path P) {
  json::ObjectMapper O(V, P);
  return O && O.map("function", A.Function) && O.map("added", A.Added) &&
         O.map("removed", A.Removed) && O.mapOptional("reason", A.Why);
}

Expected<Report> Report::fromJSON(const json::Value &V) {
  Report R;
  json::Path::Root Root("report");
  json::ObjectMapper O(V, Root);
  bool Read =
      O && O.map("mode", R.Mode) && O.map("inputs", R.Inputs) && O.map("target", R.Target) &&
      O.map("reoptimize", R.Reopt) && O.map("triple_differences", R.Compat.TripleNotes) &&
      O.map("module_flag_differences", R.Compat.FlagDifferences) &&
      O.map("helpers_linked", R.HelpersLinked) && O.map("helpers_called", R.HelpersCalled) &&
      O.map("dso_local_dropped", R.DSOLocalDropped) && O.map("interposable", R.Interposable) &&
      O.map("call_sites", R.CallSites) && O.map("caller_attribute_changes", R.AttributeChanges) &&
      O.map("helper_target_changes", R.HelperTargetChanges) &&
      O.map("reoptimized_functions", R.Reoptimized) &&
      O.map("new_undefined_symbols", R.NewUndefinedSymbols) &&
      O.map("new_undefined_symbol_sources", R.NewUndefinedSources) &&
      O.map("warnings", R.Warnings) && O.map("notes", R.Notes) &&
      O.map("codegen_units", R.CodegenUnits);
  if (!Read)
    return Root.getError();
  return R;
}

/// Appends the strings of \p From that \p To does not list yet.
static void appendNew(std::vector<std::string> &To, std::vector<std::string> &From) {
  std::set<std::string> Listed(To.begin(), To.end());
  for (std::string &S : From)
    if (Listed.insert(S).second)
      To.push_back(std::move(S));
}

template <typename T> static void append(std::vector<T> &To, std::vector<T> &From) {
  std::move(From.begin(), From.end(), std::back_inserter(To));
}

void Report::merge(Report &&Unit) {
  append(CallSites, Unit.CallSites);
  append(AttributeChanges, Unit.AttributeChanges);
  append(HelperTargetChanges, Unit.HelperTargetChanges);
  append(Reoptimized, Unit.Reoptimized);
  append(Warnings, Unit.Warnings);
  append(Compat.FlagDifferences, Unit.Compat.FlagDifferences);
  append(Compat.TripleNotes, Unit.Compat.TripleNotes);
  appendNew(HelpersLinked, Unit.HelpersLinked);
  appendNew(HelpersCalled, Unit.HelpersCalled);
  appendNew(Notes, Unit.Notes);
  appendNew(NewUndefinedSymbols, Unit.NewUndefinedSymbols);
  // Each unit that references the symbol drops its own declaration.
  for (DSOLocalDrop &D : Unit.DSOLocalDropped)
    if (llvm::none_of(DSOLocalDropped, [&](const DSOLocalDrop &Listed) {
          return Listed.Symbol == D.Symbol && Listed.IsFunction == D.IsFunction &&
                 Listed.Helpers == D.Helpers;
        }))
      DSOLocalDropped.push_back(std::move(D));
  NewUndefinedSources.insert(Unit.NewUndefinedSources.begin(), Unit.NewUndefinedSources.end());
  Interposable.insert(Unit.Interposable.begin(), Unit.Interposable.end());
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
      OS << "helperlink: not inlined: " << C.Caller << " -> " << C.Callee << ": " << C.Reason
         << "\n";
  for (const std::string &N : Notes)
    OS << "helperlink: note: " << N << "\n";
  if (!NewUndefinedSymbols.empty())
    OS << "helperlink: new undefined symbols: " << join(NewUndefinedSymbols, ", ") << "\n";
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
       << "' differs from the crate's '" << N.CrateTriple << "' only in vendor/OS/environment\n";
  for (const ModuleFlagDifference &D : Compat.FlagDifferences)
    if (D.Policy == FlagPolicy::KeepCrate)
      OS << "helperlink: note: module flag '" << D.Flag << "': helper "
         << D.HelperValue.value_or("(absent)") << ", crate " << D.CrateValue.value_or("(absent)")
         << ": kept the crate's\n";
  for (const DSOLocalDrop &D : DSOLocalDropped)
    OS << "helperlink: note: " << (D.IsFunction ? "function '" : "variable '") << D.Symbol << "'"
       << (D.Helpers.empty() ? "" : " (helper '" + join(D.Helpers, "', '") + "')")
       << ": dso_local dropped, as in the crate's own declarations (relocation model "
       << nameOf(RelocationModelNames, Target.Relocation)
       << "): it may be defined in another object\n";
  for (const AttributeChange &A : AttributeChanges)
    OS << "helperlink: note: " << A.Function << ": attributes added [" << join(A.Added, ", ")
       << "] removed [" << join(A.Removed, ", ") << "]\n";
  for (const AttributeChange &A : HelperTargetChanges)
    OS << "helperlink: note: helper '" << A.Function
       << "' stays out of line (its address is taken, or a call was refused) with the "
          "crate's target attributes ("
       << A.Why
       << "), so a call the optimizer makes "
          "direct can still be inlined\n";
}

json::Value mergeUnitReports(std::vector<Report> Units) {
  if (Units.empty())
    return json::Object{
        {"mode", "plugin"},
        {"codegen_units", json::Array()},
        {"summary", json::Object{{"call_sites", 0}, {"inlined", 0}, {"refused", 0}}}};
  std::vector<std::string> Names;
  for (const Report &U : Units)
    if (!U.Inputs.empty())
      Names.push_back(U.Inputs.front().Path);
  Report Merged = std::move(Units.front());
  for (Report &U : MutableArrayRef<Report>(Units).drop_front())
    Merged.merge(std::move(U));
  Merged.Mode = "plugin";
  Merged.CodegenUnits = std::move(Names);
  return Merged.toJSON();
}

} // namespace helperlink
