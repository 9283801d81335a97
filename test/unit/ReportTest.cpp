//===- ReportTest.cpp - Exported symbols, new symbols, the JSON report ----===//

#include "TestUtil.h"

#include "helperlink/Report.h"

#include "llvm/Support/FileSystem.h"
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
// readExportedSymbols
//===----------------------------------------------------------------------===//

std::set<std::string> readOK(StringRef Contents) {
  TempFile File("txt", Contents);
  Expected<std::set<std::string>> Names = readExportedSymbols(File.path());
  if (!Names) {
    ADD_FAILURE() << toString(Names.takeError());
    return {};
  }
  return *Names;
}

TEST(ReadExportedSymbols, OneSymbolPerLine) {
  EXPECT_THAT(readOK("kmalloc\nkfree\n__rust_helper_memcpy\n"),
              ElementsAre("__rust_helper_memcpy", "kfree", "kmalloc"));
}

TEST(ReadExportedSymbols, SkipsBlankLinesCommentsAndWhitespace) {
  EXPECT_THAT(readOK("# exported by the C side\n\n  kmalloc  \r\n\tkfree\n\n"),
              ElementsAre("kfree", "kmalloc"));
}

TEST(ReadExportedSymbols, NoTrailingNewline) {
  EXPECT_THAT(readOK("kmalloc\nkfree"), ElementsAre("kfree", "kmalloc"));
}

TEST(ReadExportedSymbols, ModuleSymvers) {
  EXPECT_THAT(
      readOK("0x12345678\tvrealloc_node_align_noprof\tvmlinux\tEXPORT_SYMBOL\t\n"
             "0x9abcdef0\tkfree\tvmlinux\tEXPORT_SYMBOL\t\n"
             "0x0badf00d\tusb_register_driver\tdrivers/usb/core/usbcore\t"
             "EXPORT_SYMBOL_GPL\tUSB_CORE\n"),
      ElementsAre("kfree", "usb_register_driver", "vrealloc_node_align_noprof"));
}

TEST(ReadExportedSymbols, ModuleSymversWithCRLF) {
  EXPECT_THAT(readOK("0x12345678\tkmalloc\tvmlinux\tEXPORT_SYMBOL\t\r\n"),
              ElementsAre("kmalloc"));
}

TEST(ReadExportedSymbols, EmptyFileGivesNoSymbols) {
  EXPECT_THAT(readOK(""), IsEmpty());
}

TEST(ReadExportedSymbols, MissingFileIsAnErrorNamingIt) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("helperlink-unittest", Dir));
  std::string Path = (Dir + "/Module.symvers").str();
  Expected<std::set<std::string>> Names = readExportedSymbols(Path);
  ASSERT_FALSE(static_cast<bool>(Names));
  EXPECT_THAT(toString(Names.takeError()), HasSubstr(Path));
  sys::fs::remove(Dir);
}

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
