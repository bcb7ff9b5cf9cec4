/** A named regular expression: the name is what the report shows, never the matched text alone. */
export interface LeakPattern {
  readonly name: string;
  readonly pattern: RegExp;
}

/** Shapes of stack traces as the common runtimes print them. */
export const STACK_TRACE_PATTERNS: readonly LeakPattern[] = [
  { name: 'Python traceback', pattern: /Traceback \(most recent call last\)/ },
  { name: 'Python frame', pattern: /File "[^"\n]+", line \d+, in / },
  // `    at handler (/app/src/server.js:12:7)` or `at /app/index.js:3:9` or `at async fn (file:///x.mjs:1:2)`
  {
    name: 'Node.js frame',
    pattern: /\bat (?:async )?(?:[\w$.<>[\]]+ )?\(?(?:file:\/\/)?[^\s()]+\.[cm]?[jt]sx?:\d+:\d+\)?/,
  },
  { name: 'Java frame', pattern: /\bat [\w$]+(?:\.[\w$<>]+)+\([\w$]+\.(?:java|kt|scala):\d+\)/ },
  {
    name: 'Java exception header',
    pattern: /Exception in thread "|\b(?:java|javax|org|com)\.[\w.]+(?:Exception|Error)\b:/,
  },
  { name: '.NET frame', pattern: /\bat [\w.`<>]+\([^)]*\) in [^\n]+:line \d+/ },
  { name: 'Go panic', pattern: /goroutine \d+ \[running\]:|panic: .+\n\s*goroutine/ },
  { name: 'Ruby frame', pattern: /[\w/.-]+\.rb:\d+:in `/ },
  { name: 'PHP error', pattern: /(?:Fatal error|Stack trace):.*(?:on line \d+|#0 )/s },
];

/** Default error pages and debug screens that name the framework. */
export const FRAMEWORK_BANNER_PATTERNS: readonly LeakPattern[] = [
  {
    name: 'Werkzeug debugger',
    pattern: /Werkzeug Debugger|werkzeug\.debug|The debugger caught an exception/i,
  },
  {
    name: 'Werkzeug/Flask default error page',
    pattern:
      /The requested URL was not found on the server\. If you entered the URL manually|The server encountered an internal error and was unable to complete your request/,
  },
  {
    name: 'Django debug page',
    pattern: /You're seeing this error because you have <code>DEBUG = True<\/code>|DEBUG = True/,
  },
  {
    name: 'Express default error page',
    pattern: /<pre>Cannot (?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^<]*<\/pre>/,
  },
  { name: 'Express/connect error page', pattern: /<title>Error<\/title>[\s\S]*<pre>[A-Za-z]*Error: / },
  { name: 'Spring Whitelabel page', pattern: /Whitelabel Error Page/ },
  {
    name: 'ASP.NET error page',
    pattern: /Server Error in '[^']*' Application|ASP\.NET is configured to show verbose error messages/,
  },
  { name: 'Rails error page', pattern: /Action Controller: Exception caught|Routing Error<\/h1>/ },
  {
    name: 'Laravel/Whoops page',
    pattern: /Whoops, looks like something went wrong|Whoops! There was an error/,
  },
  {
    name: 'Server version in page',
    pattern: /<(?:center|address|hr)>[^<]*(?:nginx|Apache|Tomcat|Jetty|uvicorn|gunicorn|Werkzeug)\/\d/i,
  },
  { name: 'Uvicorn/Gunicorn banner', pattern: /\b(?:uvicorn|gunicorn)\/\d/i },
];

/** Names of the patterns that match, each with a short excerpt around the first match. */
export function findLeaks(text: string, patterns: readonly LeakPattern[]): string[] {
  const found: string[] = [];
  for (const { name, pattern } of patterns) {
    const match = pattern.exec(text);
    if (match) found.push(`${name}: "${excerpt(match[0])}"`);
  }
  return found;
}

const excerpt = (s: string): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
};
