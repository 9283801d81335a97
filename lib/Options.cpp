//===- Options.cpp - helperlink's own option parser -----------------------===//

#include "helperlink/Options.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <tuple>

using namespace llvm;

namespace helperlink {

namespace {

enum class OptId {
  Helpers,
  Output,
  Emit,
  Report,
  ReportByCrate,
  RequireInlined,
  ExportedSymbols,
  Reopt,
  RelocationModel,
  CodeModel,
  FunctionSections,
  KeepHelperDebugInfo,
  AllowInterposable,
  Strict,
  HelperPrefix,
  HelperStamps,
  Verbose,
  VeryVerbose,
  Mode,
  Rustc,
  CC,
  Help,
  Version,
  PrintPluginPath,
};

/// Where an option applies.
enum ModeMask : unsigned {
  InLink = 1,
  InRustc = 2,
  InPlugin = 4,
  InCheckCompat = 8,
  InHelperStamps = 16,
  Everywhere = InLink | InRustc | InPlugin,
};

/// Where an option's value lives in the Config, for the options whose
/// parsing only stores it. The parser writes it there and pluginOptionsFor
/// reads it back, so the two directions cannot disagree.
struct Binding {
  enum Kind { None, Flag, Text, List, Level };
  Kind K = None;
  bool Config::*FlagField = nullptr;
  std::string Config::*TextField = nullptr;
  std::vector<std::string> Config::*ListField = nullptr;
  /// Config::Verbosity that the option sets (Level).
  unsigned LevelValue = 0;
};

constexpr Binding unbound() { return {}; }
constexpr Binding flag(bool Config::*F) { return {Binding::Flag, F, nullptr, nullptr, 0}; }
constexpr Binding text(std::string Config::*F) { return {Binding::Text, nullptr, F, nullptr, 0}; }
constexpr Binding list(std::vector<std::string> Config::*F) {
  return {Binding::List, nullptr, nullptr, F, 0};
}
constexpr Binding level(unsigned L) { return {Binding::Level, nullptr, nullptr, nullptr, L}; }

/// The values an option takes, listed from its enum's name table (help,
/// completion, errors), so that the list is written once.
using ChoiceList = std::vector<std::string> (*)();
template <auto &Names> std::vector<std::string> choices() {
  std::vector<std::string> Names_;
  for (const auto &NV : Names)
    Names_.push_back(NV.Name);
  return Names_;
}

/// --function-sections' values; also "1" and "0", as rustc's -Z flag.
constexpr NamedValue<bool> FunctionSectionsNames[] = {
    {"true", true}, {"false", false}, {"1", true}, {"0", false}};

struct OptionInfo {
  OptId Id;
  const char *Name;  // without dashes; one letter means a single dash
  const char *Value; // the value's placeholder; null for a flag
  const char *Help;
  unsigned Modes;
  Binding Bind = unbound();
  /// For an option that takes one of a few values: them (Value is then "").
  ChoiceList Choices = nullptr;
};

/// The value's placeholder as --help and errors show it.
std::string valueText(const OptionInfo &O) {
  return O.Choices ? join(O.Choices(), "|") : std::string(O.Value ? O.Value : "");
}

// The order is --help's order.
constexpr OptionInfo Options[] = {
    {OptId::Helpers, "helpers", "FILE", "helper bitcode or IR (repeatable)",
     Everywhere | InHelperStamps, list(&Config::HelperFiles)},
    {OptId::Output, "o", "FILE",
     "output file ('-' for stdout with asm/llvm-ir); helper-stamps: the stamp directory",
     InLink | InHelperStamps, text(&Config::OutputFile)},
    {OptId::Emit, "emit", "", "what to write (default obj)", InLink, unbound(),
     choices<EmitKindNames>},
    {OptId::Report, "report", "FILE",
     "per-call-site JSON report (plugin mode: a directory, one file per codegen unit)", Everywhere,
     text(&Config::ReportFile)},
    {OptId::ReportByCrate, "report-by-crate", nullptr,
     "plugin: --report's directory gets PROFILE/CRATE/UNIT.json (cargo's layout), "
     "without the units of the crate's earlier builds",
     InPlugin, flag(&Config::ReportByCrate)},
    {OptId::RequireInlined, "require-inlined", nullptr,
     "fail, naming each call left, if a helper call remains", Everywhere,
     flag(&Config::RequireInlined)},
    {OptId::ExportedSymbols, "exported-symbols", "FILE",
     "symbols a module may reference (one per line, or Module.symvers)", Everywhere,
     text(&Config::ExportedSymbolsFile)},
    {OptId::Reopt, "reopt", "", "what to re-optimize after inlining (default touched)",
     InLink | InRustc, unbound(), choices<ReoptScopeNames>},
    {OptId::RelocationModel, "relocation-model", "", "override the crate's relocation model",
     InLink | InRustc, unbound(), choices<RelocationModelNames>},
    {OptId::CodeModel, "code-model", "", "override the crate's code model", InLink | InRustc,
     unbound(), choices<CodeModelNames>},
    {OptId::FunctionSections, "function-sections", "",
     "a section per function and object, as rustc by default (false: rustc "
     "-Zfunction-sections=n, as Kbuild; wrapper mode reads it from rustc)",
     InLink | InRustc, unbound(), choices<FunctionSectionsNames>},
    {OptId::KeepHelperDebugInfo, "keep-helper-debug-info", nullptr,
     "keep the helpers' debug info (stripped by default, for BTF)", Everywhere | InHelperStamps,
     flag(&Config::KeepHelperDebugInfo)},
    {OptId::AllowInterposable, "allow-interposable", nullptr,
     "inline weak (replaceable) helper definitions too: no override exists", Everywhere,
     flag(&Config::AllowInterposable)},
    {OptId::Strict, "strict", nullptr,
     "per-crate copies of mutable C state and signature mismatches are errors", Everywhere,
     flag(&Config::Strict)},
    {OptId::HelperPrefix, "helper-prefix", "PREFIX",
     "a call to a function named PREFIX... that no helper file defines is an error", Everywhere,
     text(&Config::HelperPrefix)},
    {OptId::HelperStamps, "helper-stamps", "DIR",
     "name in rustc's dep-info the stamp in DIR (helperlink helper-stamps) of each helper "
     "the crate calls, so that make rebuilds the crate when one of those changes",
     InRustc | InPlugin, text(&Config::HelperStampDir)},
    {OptId::Verbose, "v", nullptr, "print a summary and the time per stage", Everywhere, level(1)},
    {OptId::VeryVerbose, "vv", nullptr, "also print the routine notes", Everywhere, level(2)},
    {OptId::Mode, "mode", "",
     "how `helperlink rustc` inlines (default: the plugin where rustc can load it)", InRustc,
     unbound(), choices<WrapperModeNames>},
    {OptId::Rustc, "rustc", "PATH", "the rustc to check (default rustc)", InCheckCompat},
    {OptId::CC, "cc", "PATH", "the C compiler to check (default clang-22)", InCheckCompat},
    {OptId::Help, "help", nullptr, "print this help",
     InLink | InRustc | InCheckCompat | InHelperStamps},
    {OptId::Version, "version", nullptr, "print helperlink's and LLVM's versions", InLink},
    {OptId::PrintPluginPath, "print-plugin-path", nullptr,
     "print where the rustc plugin is (for -Zllvm-plugins=)", InLink},
};

/// The plugin's options are carried to it by pluginOptionsFor, which can
/// only write what a binding says where to read.
constexpr bool everyPluginOptionIsBound() {
  for (const OptionInfo &O : Options)
    if ((O.Modes & InPlugin) && O.Bind.K == Binding::None)
      return false;
  return true;
}
static_assert(everyPluginOptionIsBound(),
              "an option the plugin takes needs a Binding, or pluginOptionsFor drops it");

std::string spelling(const OptionInfo &O) {
  return (StringRef(O.Name).size() == 1 || StringRef(O.Name) == "vv" ? "-" : "--") +
         std::string(O.Name);
}

const char *modeName(unsigned Mode) {
  switch (Mode) {
  case InRustc:
    return "helperlink rustc";
  case InPlugin:
    return "the rustc plugin (HELPERLINK_OPTIONS)";
  case InCheckCompat:
    return "helperlink check-compat";
  case InHelperStamps:
    return "helperlink helper-stamps";
  default:
    return "helperlink CRATE.bc";
  }
}

Error optionError(const Twine &Msg) { return createStringError(inconvertibleErrorCode(), Msg); }

/// What other tools call an option of helperlink's: edit distance would
/// pick the wrong one (--verbose is two edits from --version).
std::optional<std::string> otherToolsSpelling(StringRef Name) {
  return StringSwitch<std::optional<std::string>>(Name)
      .Cases({"verbose", "debug"}, std::string("-v"))
      .Cases({"output", "out"}, std::string("-o"))
      .Case("helper", std::string("--helpers"))
      .Default(std::nullopt);
}

/// rustc's own options, which belong after `--` in `helperlink rustc`, or on
/// the rustc command that makes CRATE.bc.
bool isRustcOption(StringRef Arg) {
  StringRef Name = Arg.split('=').first;
  if (is_contained({"-C", "-Z", "-L", "-l", "-g", "-O", "-W", "-A", "-D"}, Name.take_front(2)) &&
      !Arg.starts_with("--"))
    return true;
  return is_contained({"--crate-type", "--crate-name", "--edition", "--target", "--cfg", "--extern",
                       "--cap-lints", "--codegen", "--sysroot", "--out-dir", "--print", "--test",
                       "--check-cfg", "--error-format", "--json"},
                      Name);
}

/// The option closest to \p Name by edit distance, among those of \p Mode
/// first, then all; nothing when none is close.
std::optional<std::string> closestOption(StringRef Name, unsigned Mode) {
  if (std::optional<std::string> Known = otherToolsSpelling(Name))
    return Known;
  std::optional<std::string> Best;
  unsigned BestDistance = ~0u;
  for (bool OtherModes : {false, true}) {
    for (const OptionInfo &O : Options) {
      if (bool(O.Modes & Mode) == OtherModes)
        continue;
      unsigned D = Name.edit_distance(O.Name, /*AllowReplacements=*/true);
      if (D < BestDistance) {
        BestDistance = D;
        Best = spelling(O);
      }
    }
    // A third of the name, at least one edit and at most three.
    unsigned Limit = std::clamp<unsigned>(Name.size() / 3, 1, 3);
    if (Best && BestDistance <= Limit)
      return Best;
    Best.reset();
    BestDistance = ~0u;
  }
  return std::nullopt;
}

/// The options of one run, as they are parsed.
class Parser {
public:
  Parser(Invocation &Inv, unsigned Mode) : Inv(Inv), Cfg(Inv.Cfg), Mode(Mode) {}

  /// Parses Args[I] (and its value, which may be Args[I+1]); advances I.
  Error parseOne(ArrayRef<std::string> Args, size_t &I);

  Invocation &Inv;
  Config &Cfg;
  unsigned Mode;
  bool SeenHelp = false, SeenVersion = false, SeenPrintPluginPath = false;
  std::vector<std::string> Positionals;

private:
  Error apply(const OptionInfo &O, StringRef Arg, std::optional<StringRef> Value);
};

template <typename T>
Error pickValue(StringRef Option, StringRef Value, ArrayRef<NamedValue<T>> Choices, T &Out) {
  for (const auto &[Name, V] : Choices)
    if (Value == Name) {
      Out = V;
      return Error::success();
    }
  std::string Names;
  for (const auto &[Name, V] : Choices)
    Names += (Names.empty() ? "" : ", ") + std::string(Name);
  return optionError("'" + Option + "' takes one of " + Names + ", not '" + Value + "'");
}

Error Parser::apply(const OptionInfo &O, StringRef Arg, std::optional<StringRef> Value) {
  if (!(O.Modes & Mode)) {
    if (Mode == InRustc && (O.Id == OptId::Output || O.Id == OptId::Emit))
      return optionError("'" + spelling(O) +
                         "' does not apply to helperlink rustc: the "
                         "rustc command's own " +
                         spelling(O) +
                         " (after '--') says what "
                         "it writes");
    if (Mode == InPlugin && (O.Modes & InLink))
      return optionError("'" + spelling(O) + "' does not apply to " + modeName(Mode) +
                         ": rustc writes the output with its own settings");
    return optionError("'" + spelling(O) + "' does not apply to " + modeName(Mode));
  }
  std::string Name = spelling(O);
  StringRef V = Value.value_or("");
  switch (O.Bind.K) {
  case Binding::Flag:
    Cfg.*O.Bind.FlagField = true;
    return Error::success();
  case Binding::Text:
    Cfg.*O.Bind.TextField = V.str();
    return Error::success();
  case Binding::List:
    (Cfg.*O.Bind.ListField).push_back(V.str());
    return Error::success();
  case Binding::Level:
    Cfg.Verbosity = std::max(Cfg.Verbosity, O.Bind.LevelValue);
    return Error::success();
  case Binding::None:
    break;
  }
  switch (O.Id) {
  case OptId::Emit:
    return pickValue<EmitKind>(Name, V, EmitKindNames, Cfg.Emit);
  case OptId::Reopt:
    return pickValue<ReoptScope>(Name, V, ReoptScopeNames, Cfg.Reopt);
  case OptId::RelocationModel: {
    Reloc::Model RM = Reloc::Static;
    if (Error E = pickValue<Reloc::Model>(Name, V, RelocationModelNames, RM))
      return E;
    Cfg.Overrides.Relocation = RM;
    break;
  }
  case OptId::CodeModel: {
    CodeModel::Model CM = CodeModel::Small;
    if (Error E = pickValue<CodeModel::Model>(Name, V, CodeModelNames, CM))
      return E;
    Cfg.Overrides.Code = CM;
    break;
  }
  case OptId::FunctionSections: {
    bool On = true;
    if (Value)
      if (Error E = pickValue<bool>(Name, V, FunctionSectionsNames, On))
        return E;
    Cfg.Overrides.FunctionSections = On;
    Cfg.FunctionSectionsGiven = true;
    break;
  }
  case OptId::Mode:
    return pickValue<WrapperMode>(Name, V, WrapperModeNames, Cfg.Mode);
  case OptId::Rustc:
    Inv.RustcPath = V.str();
    break;
  case OptId::CC:
    Inv.CCPath = V.str();
    break;
  case OptId::Help:
    SeenHelp = true;
    break;
  case OptId::Version:
    SeenVersion = true;
    break;
  case OptId::PrintPluginPath:
    SeenPrintPluginPath = true;
    break;
  default:
    llvm_unreachable("a bound option is stored by its binding");
  }
  return Error::success();
}

Error Parser::parseOne(ArrayRef<std::string> Args, size_t &I) {
  StringRef Arg = Args[I++];
  if (Arg == "-" || !Arg.starts_with("-")) {
    Positionals.push_back(Arg.str());
    return Error::success();
  }
  // Short spellings LLVM's tools share.
  if (Arg == "-h")
    Arg = "--help";
  else if (Arg == "-V")
    Arg = "--version";

  StringRef Body = Arg.drop_while([](char C) { return C == '-'; });
  // Not a structured binding: lambdas below capture Name (C++20 only).
  StringRef Name, InlineValue;
  std::tie(Name, InlineValue) = Body.split('=');
  std::optional<StringRef> Value;
  if (Body.contains('='))
    Value = InlineValue;
  // -oFILE, as compilers take it.
  if (!Arg.starts_with("--") && Name.size() > 1 && Name[0] == 'o' && !Value && Name != "o") {
    bool IsLong = llvm::any_of(Options, [&](const OptionInfo &O) { return Name == O.Name; });
    if (!IsLong) {
      Value = Name.drop_front();
      Name = "o";
    }
  }

  const OptionInfo *Found = nullptr;
  for (const OptionInfo &O : Options)
    if (Name == O.Name)
      Found = &O;
  if (!Found && isRustcOption(Arg)) {
    if (Mode == InRustc)
      return optionError("'" + Arg +
                         "' is a rustc option: the whole rustc command goes "
                         "after '--': helperlink rustc --helpers=H.bc [options] -- rustc " +
                         Arg + " ...");
    if (Mode == InLink)
      return optionError("'" + Arg +
                         "' is a rustc option: helperlink takes rustc's "
                         "bitcode (rustc " +
                         Arg +
                         " --emit=llvm-bc ...), or wraps the "
                         "command: helperlink rustc --helpers=H.bc -- rustc " +
                         Arg + " ...");
  }
  if (!Found) {
    std::string Msg = "unknown option '" + Arg.str() + "'";
    if (std::optional<std::string> Near = closestOption(Name, Mode))
      Msg += "; did you mean '" + *Near + (Value ? "=" + Value->str() : "") + "'?";
    else
      Msg += "; see 'helperlink --help'";
    return optionError(Msg);
  }
  if (Found->Value && !Value && Found->Id != OptId::FunctionSections) {
    if (I >= Args.size() || (Args[I] != "-" && StringRef(Args[I]).starts_with("-")))
      return optionError("'" + spelling(*Found) + "' needs a value: " + spelling(*Found) +
                         (StringRef(Found->Name).size() == 1 ? " " : "=") + valueText(*Found));
    Value = StringRef(Args[I++]);
  }
  if (!Found->Value && Value)
    return optionError("'" + spelling(*Found) + "' takes no value");
  if (Found->Value && Value->empty() && Found->Id != OptId::FunctionSections)
    return optionError("'" + spelling(*Found) + "' needs a value: " + spelling(*Found) + "=" +
                       valueText(*Found));
  return apply(*Found, Arg, Value);
}

} // namespace

Expected<Invocation> parseCommandLine(ArrayRef<std::string> Args) {
  Invocation Inv;
  Inv.CCPath = "clang-" + std::to_string(LLVM_VERSION_MAJOR);
  size_t I = 0;
  unsigned Mode = InLink;
  if (!Args.empty()) {
    StringRef First = Args[0];
    if (First == "rustc") {
      Inv.Cmd = Command::Rustc;
      Mode = InRustc;
      ++I;
    } else if (First == "check-compat") {
      Inv.Cmd = Command::CheckCompat;
      Mode = InCheckCompat;
      ++I;
    } else if (First == "helper-stamps") {
      Inv.Cmd = Command::HelperStamps;
      Mode = InHelperStamps;
      ++I;
    } else if (First == "help") {
      Inv.Cmd = Command::Help;
      return Inv;
    } else if (First == CompletionWordsOption && Args.size() == 1) {
      Inv.Cmd = Command::CompletionWords;
      return Inv;
    }
  }

  Parser P(Inv, Mode);
  while (I < Args.size()) {
    if (Args[I] == "--") {
      if (Mode != InRustc)
        return optionError("'--' starts a rustc command only in 'helperlink rustc "
                           "[options] -- <rustc command>'");
      Inv.RustcCommand.assign(Args.begin() + I + 1, Args.end());
      break;
    }
    if (Mode == InRustc && !StringRef(Args[I]).starts_with("-")) {
      // The rustc command without the `--` in front of it.
      return optionError("the rustc command goes after '--': helperlink rustc "
                         "--helpers=H.bc [options] -- " +
                         Args[I] + " ...");
    }
    if (Error E = P.parseOne(Args, I))
      return E;
  }

  if (P.SeenHelp) {
    Inv.Cmd = Command::Help;
    return Inv;
  }
  if (P.SeenVersion) {
    Inv.Cmd = Command::Version;
    return Inv;
  }
  if (P.SeenPrintPluginPath) {
    Inv.Cmd = Command::PrintPluginPath;
    return Inv;
  }

  switch (Inv.Cmd) {
  case Command::Link:
    if (P.Positionals.size() > 1)
      return optionError("one crate file at a time: '" + P.Positionals[0] + "' and '" +
                         P.Positionals[1] + "' were given");
    if (P.Positionals.empty())
      return optionError("no crate bitcode given (helperlink CRATE.bc --helpers=H.bc -o OUT; "
                         "see 'helperlink --help')");
    Inv.Cfg.CrateFile = P.Positionals[0];
    if (Inv.Cfg.HelperFiles.empty())
      return optionError("no helpers given (--helpers=HELPERS.bc)");
    if (Inv.Cfg.OutputFile.empty())
      return optionError("no output file given (-o FILE)");
    break;
  case Command::Rustc:
    if (Inv.Cfg.HelperFiles.empty())
      return optionError("no helpers given (--helpers=HELPERS.bc)");
    if (Inv.RustcCommand.empty())
      return optionError("no rustc command given: helperlink rustc --helpers=H.bc "
                         "[options] -- rustc ...");
    break;
  case Command::CheckCompat:
    if (!P.Positionals.empty())
      return optionError("check-compat takes no file: '" + P.Positionals[0] + "'");
    break;
  case Command::HelperStamps:
    if (!P.Positionals.empty())
      return optionError("helper-stamps takes its files as --helpers=, not '" + P.Positionals[0] +
                         "'");
    if (Inv.Cfg.HelperFiles.empty())
      return optionError("no helpers given (--helpers=HELPERS.bc)");
    if (Inv.Cfg.OutputFile.empty())
      return optionError("no stamp directory given (-o DIR)");
    break;
  default:
    break;
  }
  return Inv;
}

Expected<std::vector<std::string>> splitQuoted(StringRef Text, WordSeparator Sep) {
  auto IsSeparator = [Sep](char C) { return Sep == WordSeparator::Colons ? C == ':' : isSpace(C); };
  std::vector<std::string> Words;
  std::string Word;
  // A word that is only '' or "" is an empty word, not nothing.
  bool InWord = false;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (IsSeparator(C)) {
      if (InWord)
        Words.push_back(std::move(Word));
      Word.clear();
      InWord = false;
      continue;
    }
    InWord = true;
    if (C == '\\') {
      if (++I == Text.size())
        return optionError("a '\\' at the end quotes nothing; write '\\\\' for a "
                           "backslash");
      Word += Text[I];
    } else if (C == '\'') {
      size_t Close = Text.find('\'', I + 1);
      if (Close == StringRef::npos)
        return optionError("unterminated '...' quote at character " + Twine(I + 1) +
                           " (a ' inside '...' is written '\\'')");
      Word += Text.slice(I + 1, Close);
      I = Close;
    } else if (C == '"') {
      size_t Open = I;
      for (++I; I < Text.size() && Text[I] != '"'; ++I) {
        // As in a POSIX shell: inside "...", a backslash quotes only these.
        if (Text[I] == '\\' && I + 1 < Text.size() && StringRef("\"\\$`").contains(Text[I + 1]))
          ++I;
        Word += Text[I];
      }
      if (I == Text.size())
        return optionError("unterminated \"...\" quote at character " + Twine(Open + 1) +
                           " (a \" inside \"...\" is written \\\")");
    } else {
      Word += C;
    }
  }
  if (InWord)
    Words.push_back(std::move(Word));
  return Words;
}

std::string quoteWord(StringRef Word, WordSeparator Sep) {
  bool Plain = !Word.empty() && llvm::all_of(Word, [Sep](char C) {
    return isAlnum(C) || StringRef("_-+=,./@%").contains(C) ||
           (C == ':' && Sep != WordSeparator::Colons) || static_cast<unsigned char>(C) >= 0x80;
  });
  if (Plain)
    return Word.str();
  std::string Quoted = "'";
  for (char C : Word)
    Quoted += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Quoted + "'";
}

std::string joinQuoted(ArrayRef<std::string> Words, WordSeparator Sep) {
  std::string S;
  for (const std::string &W : Words)
    S += (S.empty() ? "" : Sep == WordSeparator::Colons ? ":" : " ") + quoteWord(W, Sep);
  return S;
}

Error parsePluginOptions(StringRef Text, Config &Cfg) {
  Expected<std::vector<std::string>> Args = splitQuoted(Text, WordSeparator::Blanks);
  if (!Args)
    return Args.takeError();
  Invocation Inv;
  Inv.Cfg = std::move(Cfg);
  Parser P(Inv, InPlugin);
  for (size_t I = 0; I < Args->size();)
    if (Error E = P.parseOne(*Args, I))
      return E;
  if (!P.Positionals.empty())
    return optionError("takes options only, not '" + P.Positionals[0] +
                       "' (helper files go in HELPERLINK_HELPERS; quote a value with "
                       "blanks: --report='my dir')");
  if (P.SeenHelp || P.SeenVersion || P.SeenPrintPluginPath)
    return optionError("takes the options of a run, not --help or "
                       "--version");
  Cfg = std::move(Inv.Cfg);
  return Error::success();
}

Expected<std::vector<std::string>> parsePluginHelpers(StringRef Text) {
  Expected<std::vector<std::string>> Files = splitQuoted(Text, WordSeparator::Colons);
  if (Files && llvm::is_contained(*Files, ""))
    return optionError("an empty file name ('' or \"\")");
  return Files;
}

std::string pluginOptionsFor(const Config &Cfg) {
  std::vector<std::string> Words;
  for (const OptionInfo &O : Options) {
    // HELPERLINK_HELPERS carries the helper files.
    if (!(O.Modes & InPlugin) || O.Id == OptId::Helpers)
      continue;
    // Each word is quoted as parsePluginOptions reads it back: the value
    // alone, so that it reads as a user would write it (--report='my dir').
    std::string Name = spelling(O);
    auto WithValue = [&](StringRef V) { return Name + "=" + quoteWord(V, WordSeparator::Blanks); };
    const Binding &B = O.Bind;
    switch (B.K) {
    case Binding::Flag:
      if (Cfg.*B.FlagField)
        Words.push_back(Name);
      break;
    case Binding::Text:
      if (!(Cfg.*B.TextField).empty())
        Words.push_back(WithValue(Cfg.*B.TextField));
      break;
    case Binding::List:
      for (const std::string &V : Cfg.*B.ListField)
        Words.push_back(WithValue(V));
      break;
    case Binding::Level:
      if (Cfg.Verbosity == B.LevelValue)
        Words.push_back(Name);
      break;
    case Binding::None:
      llvm_unreachable("every plugin option is bound (everyPluginOptionIsBound)");
    }
  }
  return join(Words, " ");
}

std::string pluginHelpersFor(ArrayRef<std::string> Files) {
  return joinQuoted(Files, WordSeparator::Colons);
}

std::string helpText() {
  std::string Text;
  raw_string_ostream OS(Text);
  OS << "helperlink: inline C helper functions into a Rust crate's object\n\n"
        "usage:\n"
        "  helperlink CRATE.bc --helpers=HELPERS.bc [--helpers=...] -o OUT [options]\n"
        "  helperlink rustc --helpers=HELPERS.bc [options] -- <rustc command>\n"
        "  helperlink check-compat [--rustc=PATH] [--cc=PATH]\n"
        "  helperlink helper-stamps --helpers=HELPERS.bc -o DIR\n"
        "  helperlink --print-plugin-path\n\n"
        "options:\n";
  for (const OptionInfo &O : Options) {
    std::string Left = spelling(O);
    if (O.Value)
      Left += (StringRef(O.Name).size() == 1 ? " " : "=") + valueText(O);
    OS << "  " << Left;
    if (Left.size() < 30)
      OS.indent(30 - Left.size());
    else
      OS << "\n" << std::string(32, ' ');
    OS << O.Help;
    if (!(O.Modes & InLink) && O.Modes == InRustc)
      OS << " [rustc]";
    else if (O.Modes == InCheckCompat)
      OS << " [check-compat]";
    else if (O.Modes == (InRustc | InPlugin))
      OS << " [rustc, plugin]";
    OS << "\n";
  }
  OS << "  -h, -V                        --help, --version\n\n"
        "the rustc plugin's environment (-Zllvm-plugins=$(helperlink --print-plugin-path)):\n"
        "  HELPERLINK_HELPERS            helper files, separated by ':' (a.bc:b.bc)\n"
        "  HELPERLINK_OPTIONS            the options above, separated by blanks\n"
        "  both quoted as in a shell, with nothing expanded: '...', \"...\", \\\n"
        "    (--report='my reports', 'dir:x/a.bc':b.bc)\n";
  return Text;
}

std::vector<std::string> completionWords() {
  std::vector<std::string> Words = optionSpellings();
  for (const OptionInfo &O : Options)
    if (O.Choices)
      for (const std::string &C : O.Choices())
        Words.push_back(spelling(O) + "=" + C);
  return Words;
}

std::vector<std::string> optionSpellings() {
  std::vector<std::string> S = {"rustc", "check-compat", "helper-stamps", "help", "-h", "-V"};
  for (const OptionInfo &O : Options)
    S.push_back(spelling(O) + (O.Value && StringRef(O.Name).size() > 1 ? "=" : ""));
  return S;
}

} // namespace helperlink
