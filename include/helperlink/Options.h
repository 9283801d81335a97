//===- helperlink/Options.h - helperlink's own option parser ----*- C++ -*-===//
//
// One option table for every front door: the tool's command line and the
// rustc plugin's HELPERLINK_OPTIONS. It is not LLVM's cl:: registry, which
// the plugin would share with rustc, and its errors are one line each.
//
//===----------------------------------------------------------------------===//

#ifndef HELPERLINK_OPTIONS_H
#define HELPERLINK_OPTIONS_H

#include "helperlink/Config.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace helperlink {

enum class Command {
  Link,            ///< helperlink CRATE.bc --helpers=H.bc -o OUT
  Rustc,           ///< helperlink rustc [options] -- <rustc command>
  CheckCompat,     ///< helperlink check-compat [--rustc=R] [--cc=CC]
  HelperStamps,    ///< helperlink helper-stamps --helpers=H.bc -o DIR
  Help,            ///< -h, --help, helperlink help
  Version,         ///< -V, --version
  PrintPluginPath, ///< --print-plugin-path
  CompletionWords, ///< --completion-words (hidden; for the bash completion)
};

/// The hidden option that prints completionWords(), one a line.
inline constexpr const char *CompletionWordsOption = "--completion-words";

struct Invocation {
  Command Cmd = Command::Link;
  Config Cfg;
  /// The rustc command after `--` (Command::Rustc).
  std::vector<std::string> RustcCommand;
  /// check-compat's tools.
  std::string RustcPath = "rustc";
  std::string CCPath;
};

/// Parses the tool's arguments (without argv[0]). Errors are one line and
/// name the closest real option where one was misspelled.
llvm::Expected<Invocation> parseCommandLine(llvm::ArrayRef<std::string> Args);

/// The environment the plugin reads its run from: helper files separated by
/// ':', and the options, as the tool spells them; both quoted as a shell
/// quotes (splitQuoted).
inline constexpr const char *HelpersEnv = "HELPERLINK_HELPERS";
inline constexpr const char *OptionsEnv = "HELPERLINK_OPTIONS";

/// How the plugin's environment is split into words. Quoting is a POSIX
/// shell's, without any expansion: '...' keeps everything up to the next ';
/// "..." keeps everything, where a backslash quotes only " \\ $ and `;
/// elsewhere a backslash quotes the next character. Unquoted separators
/// split words: blanks for HELPERLINK_OPTIONS (a command line), ':' for
/// HELPERLINK_HELPERS (a list, like PATH, where blanks are ordinary).
enum class WordSeparator { Blanks, Colons };

/// The words of \p Text; an unterminated quote is an error, in one line.
llvm::Expected<std::vector<std::string>> splitQuoted(llvm::StringRef Text, WordSeparator Sep);

/// \p Word as splitQuoted reads it back: itself where nothing in it needs
/// quoting, else in '...'.
std::string quoteWord(llvm::StringRef Word, WordSeparator Sep);

/// \p Words quoted and joined with the separator.
std::string joinQuoted(llvm::ArrayRef<std::string> Words, WordSeparator Sep);

/// Parses the rustc plugin's options (HELPERLINK_OPTIONS, quoted words split
/// on blanks) into \p Cfg, with the same table; options that only the
/// post-step has (-o, --emit, ...) are refused, saying why.
llvm::Error parsePluginOptions(llvm::StringRef Options, Config &Cfg);

/// The plugin's helper files (HELPERLINK_HELPERS: quoted words split on ':').
llvm::Expected<std::vector<std::string>> parsePluginHelpers(llvm::StringRef Text);

/// HELPERLINK_OPTIONS for the plugin options of \p Cfg, written from the
/// option table and quoted, so that parsePluginOptions gives them back. The
/// helper files go in HELPERLINK_HELPERS instead (pluginHelpersFor).
std::string pluginOptionsFor(const Config &Cfg);

/// HELPERLINK_HELPERS for \p Files, quoted, so that parsePluginHelpers gives
/// them back.
std::string pluginHelpersFor(llvm::ArrayRef<std::string> Files);

/// The --help text.
std::string helpText();

/// Every spelling the tool accepts ("--helpers=", "-o", "rustc", ...), for
/// shell completion.
std::vector<std::string> optionSpellings();

/// optionSpellings() and every value of the options that take one of a few
/// ("--emit=obj", "--emit=asm", ...).
std::vector<std::string> completionWords();

} // namespace helperlink

#endif
