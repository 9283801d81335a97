//===- ReportTest.cpp - New symbols, the JSON report ----------------------===//

#include "TestUtil.h"

#include "helperlink/Report.h"

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
  R.CallSites.push_back(
      {"_RNvCsfLfy6EI15iL_7___rustc17rust_begin_unwind", "helper_a", true, ""});
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

} // namespace
