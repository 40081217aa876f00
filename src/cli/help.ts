/**
 * How `--help` reads: examples after each command's options, the global options in every command's help,
 * no "(default: false)" on flags, and the testing options kept out of sight until `--help-all`.
 * Commander 14's help groups and `addHelpText` do the layout (see its README, "Custom help").
 */
import { Command, CommanderError, Help, Option, type HelpConfiguration } from 'commander';

/** The heading of the testing options' section, shown by `--help-all`. */
export const TESTING_GROUP = 'Testing options (for tests against local servers; a normal run never needs them):';

/** Inherited by every command added after it is set (commander copies the help configuration). */
export const HELP_CONFIGURATION: HelpConfiguration = {
  showGlobalOptions: true,
  sortSubcommands: false,
  optionDescription(option: Option): string {
    return Help.prototype.optionDescription.call(this, withoutNoiseDefault(option));
  },
};

/**
 * A flag's `false`/`true` default and a repeatable option's empty list say nothing to a person: commander
 * would print "(default: false)". Value defaults ("15m", "high") stay.
 */
function withoutNoiseDefault(option: Option): Option {
  const d: unknown = option.defaultValue;
  const noise = (option.isBoolean() && typeof d === 'boolean') || (Array.isArray(d) && d.length === 0);
  if (!noise) return option;
  const copy = Object.assign(Object.create(Object.getPrototypeOf(option) as object) as Option, option);
  copy.defaultValue = undefined;
  return copy;
}

/** An "Examples:" block for `addHelpText('after', ...)`: one command a line, each with a short comment. */
export function examplesText(examples: readonly (readonly [command: string, what: string])[]): string {
  const lines = ['', 'Examples:'];
  for (const [command, what] of examples) lines.push(`  # ${what}`, `  ${command}`);
  return `${lines.join('\n')}\n`;
}

/** A testing option: accepted everywhere like any global option, listed only by `--help-all`. */
export function testingOption(flags: string, description: string): Option {
  return new Option(flags, description).hideHelp().helpGroup(TESTING_GROUP);
}

/**
 * `--help-all`: the help of the command named on the line (or of the program), with the testing options
 * shown. Ends the parse the way commander's own `--help` does (a CommanderError with exit code 0).
 */
export function showAllHelp(program: Command, argv: readonly string[]): never {
  for (const option of program.options) {
    if (option.helpGroupHeading === TESTING_GROUP) option.hideHelp(false);
  }
  const words = argv.slice(2);
  const end = words.indexOf('--');
  const named = (end === -1 ? words : words.slice(0, end)).find((w) => program.commands.some((c) => c.name() === w));
  const target = program.commands.find((c) => c.name() === named) ?? program;
  target.outputHelp();
  throw new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)');
}
