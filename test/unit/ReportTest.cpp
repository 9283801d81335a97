//===- ReportTest.cpp - New symbols, the JSON report ----------------------===//

#include "TestUtil.h"

#include "helperlink/Report.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using namespace helperlink::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace {

//===----------------------------------------------------------------------===//
// newSymbols
//===----------------------------------------------------------------------===//

TEST(NewSymbols, ListsOnlyTheAddedOnesSorted) {
  std::set<std::string> Before{"helper_a", "kfree", "kmalloc"};
  std::set<std::string> After{"kfree", "kmalloc", "memcpy", "__stack_chk_fail"};
  EXPECT_THAT(newSymbols(Before, After), ElementsAre("__stack_chk_fail", "memcpy"));
}

TEST(NewSymbols, NothingNewWhenOnlySymbolsWereResolved) {
  EXPECT_THAT(newSymbols({"helper_a", "kfree"}, {"kfree"}), IsEmpty());
  EXPECT_THAT(newSymbols({}, {}), IsEmpty());
}

TEST(NewSymbols, EverythingIsNewAfterNothing) {
  EXPECT_THAT(newSymbols({}, {"b", "a"}), ElementsAre("a", "b"));
}

//===----------------------------------------------------------------------===//
// Report
//===----------------------------------------------------------------------===//

TEST(Report, SummaryCountsInlinedAndRefused) {
  Report R;
  R.CallSites.push_back({"rust_fn", "helper_a", true, "inlined"});
  R.CallSites.push_back({"rust_fn", "helper_b", true, "inlined"});
  R.CallSites.push_back({"rust_fn", "helper_avx", false, "helper needs avx2"});
  json::Value V = R.toJSON();
  const json::Object *O = V.getAsObject();
  ASSERT_TRUE(O);
  const json::Object *Summary = O->getObject("summary");
  ASSERT_TRUE(Summary);
  EXPECT_EQ(Summary->getInteger("call_sites"), 3);
  EXPECT_EQ(Summary->getInteger("inlined"), 2);
  EXPECT_EQ(Summary->getInteger("refused"), 1);
  const json::Array *Calls = O->getArray("call_sites");
  ASSERT_TRUE(Calls);
  ASSERT_EQ(Calls->size(), 3u);
  EXPECT_EQ((*Calls)[2].getAsObject()->getString("reason"), "helper needs avx2");
}

TEST(Report, MangledCallerIsDemangled) {
  Report R;
  R.CallSites.push_back({"_RNvCsfLfy6EI15iL_7___rustc17rust_begin_unwind", "helper_a", true, ""});
  R.CallSites.push_back({"rust_fn", "helper_a", true, ""});
  json::Value V = R.toJSON();
  const json::Array *Calls = V.getAsObject()->getArray("call_sites");
  ASSERT_TRUE(Calls && Calls->size() == 2);
  std::optional<StringRef> D = (*Calls)[0].getAsObject()->getString("caller_demangled");
  ASSERT_TRUE(D);
  EXPECT_THAT(D->str(), HasSubstr("rust_begin_unwind"));
  EXPECT_FALSE((*Calls)[1].getAsObject()->get("caller_demangled"))
      << "unmangled names get no demangled copy";
}

TEST(Report, PrintSummaryListsRefusals) {
  Report R;
  R.HelpersLinked = {"helper_a", "helper_avx"};
  R.HelpersCalled = {"helper_a", "helper_avx"};
  R.CallSites.push_back({"rust_fn", "helper_a", true, "inlined"});
  R.CallSites.push_back({"rust_fn", "helper_avx", false, "needs avx2"});
  R.NewUndefinedSymbols = {"__stack_chk_fail"};
  std::string Out;
  raw_string_ostream OS(Out);
  R.printSummary(OS);
  EXPECT_THAT(Out, HasSubstr("2 helper(s) called, 1 of 2 call(s) to them inlined\n"));
  EXPECT_THAT(Out, HasSubstr("not inlined: rust_fn -> helper_avx: needs avx2"));
  EXPECT_THAT(Out, HasSubstr("__stack_chk_fail"));
}

TEST(Report, PrintSummaryTellsHelpersFromWhatCameWithThem) {
  // A library's static inline function, linked because a helper calls it,
  // is not a helper the crate was given (liburcu's futex_async).
  Report R;
  R.HelpersLinked = {"rust_helper_wake", "futex_async"};
  R.HelpersCalled = {"rust_helper_wake"};
  R.CallSites.push_back({"rust_fn", "rust_helper_wake", true, "inlined"});
  R.CallSites.push_back({"rust_fn", "futex_async", true, "inlined"});
  std::string Out;
  raw_string_ostream OS(Out);
  R.printSummary(OS);
  EXPECT_THAT(Out, HasSubstr("1 helper(s) called, 1 of 1 call(s) to them inlined; 1 "
                             "function(s) of the helper files came with them (futex_async), "
                             "1 of 1 call(s) to those inlined"));
}

//===----------------------------------------------------------------------===//
// Report::fromJSON, Report::merge, mergeUnitReports
//===----------------------------------------------------------------------===//

/// A codegen unit's report with one of everything toJSON writes.
Report unitReport(StringRef Unit, StringRef Helper) {
  Report R;
  R.Mode = "plugin";
  R.Inputs.push_back({Unit.str(), InputRole::Crate, InputFormat::RustcModule, "rustc", "x"});
  R.Inputs.push_back({"h.bc", InputRole::Helpers, InputFormat::Bitcode, "clang", "x"});
  R.Target = {"x86_64-unknown-linux-gnu", "x86-64", "+sse2", Reloc::PIC_, CodeModel::Kernel, false};
  R.Reopt = "rustc";
  R.Compat.TripleNotes.push_back({"h.bc", "a", "b"});
  R.Compat.FlagDifferences.push_back(
      {"wchar_size", "h.bc", std::nullopt, "4", FlagPolicy::KeepCrate});
  R.HelpersLinked = {Helper.str(), "shared"};
  R.HelpersCalled = {Helper.str()};
  R.DSOLocalDropped.push_back({"jiffies", false, {Helper.str()}});
  R.Interposable["weak_" + Helper.str()] = {"h.bc", "weak definition", false};
  R.CallSites.push_back({"_ZN1a1f17h0123456789abcdefE", Helper.str(), true, "inlined"});
  R.CallSites.push_back({"g", Helper.str(), false, "varargs"});
  R.AttributeChanges.push_back({"g", {"a"}, {"b"}, ""});
  R.HelperTargetChanges.push_back({Helper.str(), {"c"}, {}, "why"});
  R.Reoptimized = {"g"};
  R.NewUndefinedSymbols = {"memset"};
  R.NewUndefinedSources["memset"] = {Helper.str()};
  R.Warnings = {"w " + Helper.str()};
  R.Notes = {"n"};
  return R;
}

std::string text(const json::Value &V) { return formatv("{0:2}", V).str(); }

TEST(ReportJSON, ReadsBackWhatItWrote) {
  Report R = unitReport("u.cgu.0", "rust_helper_a");
  Expected<Report> Back = Report::fromJSON(R.toJSON());
  ASSERT_TRUE(static_cast<bool>(Back)) << toString(Back.takeError());
  EXPECT_EQ(text(Back->toJSON()), text(R.toJSON()));
}

TEST(ReportJSON, SaysWhereItCannotRead) {
  json::Value V = unitReport("u", "h").toJSON();
  (*V.getAsObject()->getArray("inputs"))[0].getAsObject()->erase("role");
  Expected<Report> Back = Report::fromJSON(V);
  ASSERT_FALSE(static_cast<bool>(Back));
  EXPECT_THAT(toString(Back.takeError()), HasSubstr("inputs"));
}

TEST(MergeUnitReports, JoinsListsAndNamesTheUnits) {
  std::vector<Report> Units;
  Units.push_back(unitReport("u.cgu.0", "rust_helper_a"));
  Units.push_back(unitReport("u.cgu.1", "rust_helper_b"));
  json::Value Merged = mergeUnitReports(std::move(Units));
  json::Object &O = *Merged.getAsObject();
  EXPECT_EQ(text(*O.get("codegen_units")), text(json::Array{"u.cgu.0", "u.cgu.1"}));
  EXPECT_EQ(O.getArray("call_sites")->size(), 4u);
  EXPECT_EQ(text(*O.get("summary")),
            text(json::Object{{"call_sites", 4}, {"inlined", 2}, {"refused", 2}}));
  // Listed once: a helper, a note, a symbol, a dropped declaration.
  EXPECT_EQ(text(*O.get("helpers_linked")),
            text(json::Array{"rust_helper_a", "shared", "rust_helper_b"}));
  EXPECT_EQ(O.getArray("notes")->size(), 1u);
  EXPECT_EQ(O.getArray("new_undefined_symbols")->size(), 1u);
  EXPECT_EQ(O.getArray("dso_local_dropped")->size(), 2u);
  EXPECT_EQ(O.getArray("warnings")->size(), 2u);
  // The first unit's sources and settings stay.
  EXPECT_EQ(text(*O.getObject("new_undefined_symbol_sources")->get("memset")),
            text(json::Array{"rust_helper_a"}));
  EXPECT_EQ(O.getObject("interposable")->size(), 2u);
  EXPECT_EQ(O.getArray("inputs")->size(), 2u);
}

TEST(MergeUnitReports, NoUnits) {
  EXPECT_EQ(text(mergeUnitReports({})),
            text(json::Object{
                {"codegen_units", json::Array()},
                {"mode", "plugin"},
                {"summary", json::Object{{"call_sites", 0}, {"inlined", 0}, {"refused", 0}}}}));
}

} // namespace
