// Loaded with `node --import` into a child the bench times: prints the child's own CPU time and
// peak RSS on stderr as it exits (Node has no rusage of children), after a marker the bench finds.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nloupe-bench-usage ${JSON.stringify({ cpuSeconds: (user + system) / 1e6, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
});
