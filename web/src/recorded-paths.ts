// Which open file a path recorded in an artifact names (a dump's frame, an
// escape report's position), the way the core maps them for its findings
// (crate/src/rules/runtime.rs `map_path`): the file sharing the longest
// suffix of path elements with it, at least the file name; none when two
// files share that longest suffix.

export function openFileOf(recorded: string, files: readonly string[]): string | null {
  const elements = recorded.split(/[/\\]/).filter((element) => element !== "" && element !== ".");
  let best: string | null = null;
  let longest = 0;
  let tie = false;
  for (const file of files) {
    const parts = file.split("/");
    let common = 0;
    while (common < parts.length && common < elements.length && parts[parts.length - 1 - common] === elements[elements.length - 1 - common]) common++;
    if (common === 0 || common < longest) continue;
    tie = common === longest;
    if (!tie) [best, longest] = [file, common];
  }
  return tie ? null : best;
}
