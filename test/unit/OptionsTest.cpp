//===- OptionsTest.cpp - helperlink's own option table --------------------===//

#include "helperlink/Options.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace helperlink;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

Expected<Invocation> parse(std::vector<std::string> Args) { return parseCommandLine(Args); }

std::string errorOf(std::vector<std::string> Args) {
  Expected<Invocation> Inv = parse(std::move(Args));
  if (Inv)
    return "(parsed)";
  return toString(Inv.takeError());
}

TEST(ParseCommandLine, PlainRunFillsTheConfig) {
  Expected<Invocation> Inv =
      parse({"c.bc", "--helpers=a.bc", "--helpers", "b.bc", "-o", "out.o", "--emit=asm",
             "--require-inlined", "--function-sections=false", "--code-model=kernel", "-vv"});
  ASSERT_TRUE(static_cast<bool>(Inv)) << toString(Inv.takeError());
  EXPECT_EQ(Inv->Cmd, Command::Link);
  EXPECT_EQ(Inv->Cfg.CrateFile, "c.bc");
  EXPECT_THAT(Inv->Cfg.HelperFiles, ElementsAre("a.bc", "b.bc"));
  EXPECT_EQ(Inv->Cfg.OutputFile, "out.o");
  EXPECT_EQ(Inv->Cfg.Emit, EmitKind::Assembly);
  EXPECT_TRUE(Inv->Cfg.RequireInlined);
  EXPECT_FALSE(Inv->Cfg.Overrides.FunctionSections);
  EXPECT_TRUE(Inv->Cfg.FunctionSectionsGiven);
  EXPECT_EQ(Inv->Cfg.Overrides.Code, CodeModel::Kernel);
  EXPECT_EQ(Inv->Cfg.Verbosity, 2u);
}

TEST(ParseCommandLine, ATypoNamesTheClosestOption) {
  EXPECT_THAT(errorOf({"c.bc", "--helper=h.bc", "-o", "x.o"}),
              HasSubstr("unknown option '--helper=h.bc'; did you mean '--helpers"));
  EXPECT_THAT(errorOf({"c.bc", "--helpers=h.bc", "-o", "x.o", "--requir-inlined"}),
              HasSubstr("did you mean '--require-inlined'"));
}

TEST(ParseCommandLine, ValuesAreChecked) {
  EXPECT_THAT(errorOf({"c.bc", "--helpers=h.bc", "-o", "x.o", "--emit=elf"}),
              HasSubstr("'--emit' takes one of obj, asm, llvm-bc, llvm-ir, not 'elf'"));
  EXPECT_THAT(errorOf({"c.bc", "--helpers=h.bc", "-o"}), HasSubstr("'-o' needs a value"));
}

TEST(ParseCommandLine, EveryCompletedValueIsOneTheParserTakes) {
  // The placeholders --help and completion show are spelled apart from the
  // enums' name tables (helperlink/EnumNames.h); they must not drift.
  for (const std::string &Word : completionWords()) {
    StringRef Value = StringRef(Word).split('=').second;
    if (!StringRef(Word).starts_with("--") || Value.empty())
      continue;
    std::vector<std::string> Args = {"c.bc", "--helpers=h.bc", "-o", "x.o", Word};
    if (StringRef(Word).starts_with("--mode="))
      Args = {"rustc", "--helpers=h.bc", Word, "--", "rustc"};
    EXPECT_EQ(errorOf(Args), "(parsed)") << Word;
  }
}

TEST(ParseCommandLine, WrapperModeTakesTheRustcCommandAfterDashDash) {
  Expected<Invocation> Inv = parse(
      {"rustc", "--helpers=h.bc", "--mode=post-step", "--", "rustc", "--emit=obj=x.o", "a.rs"});
  ASSERT_TRUE(static_cast<bool>(Inv)) << toString(Inv.takeError());
  EXPECT_EQ(Inv->Cmd, Command::Rustc);
  EXPECT_EQ(Inv->Cfg.Mode, WrapperMode::PostStep);
  EXPECT_THAT(Inv->RustcCommand, ElementsAre("rustc", "--emit=obj=x.o", "a.rs"));
  EXPECT_THAT(errorOf({"rustc", "--helpers=h.bc", "-o", "x.o", "--", "rustc"}),
              HasSubstr("'-o' does not apply to helperlink rustc"));
}

TEST(ParsePluginOptions, SameTableOnlyWhatThePluginCanDo) {
  Config Cfg;
  ASSERT_FALSE(errorToBool(parsePluginOptions("  --require-inlined --report=dir  -v ", Cfg)));
  EXPECT_TRUE(Cfg.RequireInlined);
  EXPECT_EQ(Cfg.ReportFile, "dir");
  EXPECT_EQ(Cfg.Verbosity, 1u);
  Config Other;
  EXPECT_THAT(toString(parsePluginOptions("--emit=asm", Other)),
              HasSubstr("rustc writes the output with its own settings"));
  EXPECT_THAT(toString(parsePluginOptions("h.bc", Other)),
              HasSubstr("helper files go in HELPERLINK_HELPERS"));
}

std::vector<std::string> words(StringRef Text, WordSeparator Sep = WordSeparator::Blanks) {
  Expected<std::vector<std::string>> W = splitQuoted(Text, Sep);
  if (!W)
    return {"error: " + toString(W.takeError())};
  return *W;
}

// Values a path can hold, for both variables: blanks, both quotes, '=',
// ':', a backslash, '$', a tab, non-ASCII, leading dashes, an empty value.
const std::vector<std::string> AwkwardValues = {"plain.bc",
                                                "/d/r d/rep.json",
                                                "it's",
                                                "say \"hi\"",
                                                "k=v",
                                                "a:b",
                                                "back\\slash",
                                                "$HOME/`x`",
                                                "tab\there",
                                                "caf\xc3\xa9/\xe6\x97\xa5.bc",
                                                "'",
                                                "\"",
                                                "''",
                                                " lead",
                                                "trail ",
                                                "--report=x",
                                                "\\",
                                                "a'b\"c=d:e f\xc3\xa9",
                                                ""};

TEST(SplitQuoted, ReadsWhatAShellUserWrites) {
  EXPECT_THAT(words("  --require-inlined\t--report=dir  -v "),
              ElementsAre("--require-inlined", "--report=dir", "-v"));
  EXPECT_THAT(words("--report='my dir' --exported-symbols=\"a \\\"b\\\" c\""),
              ElementsAre("--report=my dir", "--exported-symbols=a \"b\" c"));
  EXPECT_THAT(words("--report=my\\ dir 'it'\\''s'"), ElementsAre("--report=my dir", "it's"));
  // Inside "...", a backslash quotes only \" \\ $ `; nothing is expanded.
  EXPECT_THAT(words("\"a\\b \\$HOME \\\\\" $HOME '*'"), ElementsAre("a\\b $HOME \\", "$HOME", "*"));
  EXPECT_THAT(words("'' \"\" x''"), ElementsAre("", "", "x"));
  EXPECT_THAT(words(""), ElementsAre());
}

TEST(SplitQuoted, HelpersAreAColonListAsBefore) {
  auto Colons = WordSeparator::Colons;
  EXPECT_THAT(words("a.bc:b.bc", Colons), ElementsAre("a.bc", "b.bc"));
  EXPECT_THAT(words("/my dir/a.bc::b.bc:", Colons), ElementsAre("/my dir/a.bc", "b.bc"));
  EXPECT_THAT(words("'/x:y/a.bc':/x\\:y/b.bc:\"c:d.bc\"", Colons),
              ElementsAre("/x:y/a.bc", "/x:y/b.bc", "c:d.bc"));
}

TEST(SplitQuoted, AnUnterminatedQuoteIsOneLine) {
  EXPECT_THAT(words("--report='r d"),
              ElementsAre(HasSubstr("unterminated '...' quote at character 10")));
  EXPECT_THAT(words("--report=\"r d"),
              ElementsAre(HasSubstr("unterminated \"...\" quote at character 10")));
  EXPECT_THAT(words("a.bc\\", WordSeparator::Colons),
              ElementsAre(HasSubstr("a '\\' at the end quotes nothing")));
  for (StringRef Bad : {"'", "\"", "x\\", "'a'\"b"})
    EXPECT_EQ(toString(splitQuoted(Bad, WordSeparator::Blanks).takeError()).find('\n'),
              std::string::npos)
        << Bad.str();
}

TEST(QuoteWord, RoundTripsAwkwardValues) {
  for (WordSeparator Sep : {WordSeparator::Blanks, WordSeparator::Colons}) {
    for (const std::string &V : AwkwardValues) {
      // parse(quote(v)) == v
      EXPECT_THAT(words(quoteWord(V, Sep), Sep), ElementsAre(V))
          << "'" << V << "' quoted as " << quoteWord(V, Sep);
      // quote(parse(x)) == x, for x as quoteWord writes it
      std::string Quoted = quoteWord(V, Sep);
      std::vector<std::string> Back = words(Quoted, Sep);
      ASSERT_EQ(Back.size(), 1u) << Quoted;
      EXPECT_EQ(quoteWord(Back[0], Sep), Quoted);
    }
    // Several at once, joined with the separator.
    std::vector<std::string> NonEmpty(AwkwardValues.begin(), AwkwardValues.end() - 1);
    EXPECT_EQ(words(joinQuoted(NonEmpty, Sep), Sep), NonEmpty);
  }
  // What needs no quoting is left as it was: the old spellings still work.
  EXPECT_EQ(quoteWord("/usr/lib/x-1.0/h.bc", WordSeparator::Colons), "/usr/lib/x-1.0/h.bc");
  EXPECT_EQ(quoteWord("--report=/d/r.json", WordSeparator::Blanks), "--report=/d/r.json");
  EXPECT_EQ(quoteWord("a:b", WordSeparator::Colons), "'a:b'");
  EXPECT_EQ(quoteWord("it's", WordSeparator::Blanks), "'it'\\''s'");
}

TEST(PluginOptionsFor, EveryPluginOptionRoundTripsFromTheTable) {
  // Every option the plugin takes, from the table (the tool's spellings),
  // set to an awkward value, comes back from pluginOptionsFor unchanged.
  const std::string Value = "/t/a b'c\"d=e:f \xc3\xa9/x";
  size_t Carried = 0;
  for (const std::string &Spelling : optionSpellings()) {
    if (!StringRef(Spelling).starts_with("-") || Spelling == "-h" || Spelling == "-V")
      continue;
    bool TakesValue = StringRef(Spelling).ends_with("=");
    std::string Word = TakesValue ? Spelling + quoteWord(Value, WordSeparator::Blanks) : Spelling;
    Config Cfg;
    if (errorToBool(parsePluginOptions(Word, Cfg)))
      continue; // not a plugin option
    if (Spelling == "--helpers=") {
      // HELPERLINK_HELPERS carries these.
      EXPECT_EQ(pluginOptionsFor(Cfg), "");
      EXPECT_THAT(words(pluginHelpersFor(Cfg.HelperFiles), WordSeparator::Colons),
                  ElementsAre(Value));
      continue;
    }
    std::string Text = pluginOptionsFor(Cfg);
    Config Back;
    ASSERT_FALSE(errorToBool(parsePluginOptions(Text, Back))) << Text;
    EXPECT_EQ(pluginOptionsFor(Back), Text) << Spelling;
    EXPECT_NE(Text, "") << Spelling << " is not carried to the plugin";
    if (TakesValue) {
      EXPECT_THAT(words(Text), ElementsAre(Spelling + Value)) << Text;
    }
    ++Carried;
  }
  // --report, --exported-symbols, --require-inlined, ..., -v, -vv.
  EXPECT_GE(Carried, 8u);
}

TEST(PluginOptionsFor, RoundTripsThroughTheParser) {
  Config Cfg;
  Cfg.RequireInlined = true;
  Cfg.Strict = true;
  Cfg.ReportFile = "r";
  Cfg.ExportedSymbolsFile = "Module.symvers";
  Config Back;
  ASSERT_FALSE(errorToBool(parsePluginOptions(pluginOptionsFor(Cfg), Back)));
  EXPECT_TRUE(Back.RequireInlined);
  EXPECT_TRUE(Back.Strict);
  EXPECT_EQ(Back.ReportFile, "r");
  EXPECT_EQ(Back.ExportedSymbolsFile, "Module.symvers");
  // Plain values are written as before.
  EXPECT_EQ(pluginOptionsFor(Cfg),
            "--report=r --require-inlined --exported-symbols=Module.symvers --strict");
  Cfg.ReportFile = "/d/r d/rep.json.units-1a2b3c";
  EXPECT_THAT(pluginOptionsFor(Cfg), HasSubstr("--report='/d/r d/rep.json.units-1a2b3c'"));
  Config Spaced;
  ASSERT_FALSE(errorToBool(parsePluginOptions(pluginOptionsFor(Cfg), Spaced)));
  EXPECT_EQ(Spaced.ReportFile, "/d/r d/rep.json.units-1a2b3c");
}

TEST(ParsePluginHelpers, QuotedListOfFiles) {
  Expected<std::vector<std::string>> Files = parsePluginHelpers("a.bc:'b c:d.bc'");
  ASSERT_TRUE(static_cast<bool>(Files)) << toString(Files.takeError());
  EXPECT_THAT(*Files, ElementsAre("a.bc", "b c:d.bc"));
  EXPECT_THAT(toString(parsePluginHelpers("a.bc:''").takeError()), HasSubstr("an empty file name"));
  EXPECT_THAT(toString(parsePluginHelpers("'a.bc").takeError()),
              HasSubstr("unterminated '...' quote at character 1"));
}

} // namespace
