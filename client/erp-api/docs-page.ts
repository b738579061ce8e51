import type { OpenApiDocument, OpenApiOperation } from './openapi';

/**
 * `/docs`: the OpenAPI description as one page to read, rendered on the server (no scripts, no
 * CDN): the operations by tag with their parameters, bodies and answers, then the schemas.
 */

const escape = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** `code` spans for `backticks`, after escaping. */
const prose = (text: string): string => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function schemaLink(schema: unknown): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref === undefined) return escape(JSON.stringify(schema));
  const name = ref.split('/').pop() ?? ref;
  return `<a href="#schema-${escape(name)}">${escape(name)}</a>`;
}

function contentList(content: Record<string, { schema: unknown }> | undefined): string {
  if (content === undefined) return '';
  return Object.entries(content)
    .map(([type, { schema }]) => `<code>${escape(type)}</code> ${schemaLink(schema)}`)
    .join('<br>');
}

function operationHtml(method: string, path: string, op: OpenApiOperation): string {
  const anchor = `op-${op.operationId}`;
  const parts = [
    `<section class="op" id="${anchor}">`,
    `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h3>`,
    `<p class="summary">${prose(op.summary)}${op.security?.length === 0 ? ' <span class="public">no token</span>' : ''}</p>`,
    `<p>${prose(op.description)}</p>`,
  ];
  if (op.parameters.length > 0) {
    parts.push(
      '<table><tr><th>parameter</th><th>in</th><th>schema</th><th>meaning</th></tr>',
      ...op.parameters.map(
        (p) =>
          `<tr><td><code>${escape(p.name)}</code>${p.required ? ' *' : ''}</td><td>${p.in}</td>` +
          `<td><code>${escape(JSON.stringify(p.schema))}</code></td><td>${prose(p.description)}</td></tr>`,
      ),
      '</table>',
    );
  }
  if (op.requestBody !== undefined) {
    parts.push(`<p>Body (optional; empty = <code>{}</code>): ${contentList(op.requestBody.content)}</p>`);
  }
  parts.push(
    '<table><tr><th>answer</th><th>meaning</th><th>content</th></tr>',
    ...Object.entries(op.responses).map(([status, answer]) => {
      const { description, content, headers } = answer as {
        description: string;
        content?: Record<string, { schema: unknown }>;
        headers?: Record<string, unknown>;
      };
      const headerNote =
        headers === undefined
          ? ''
          : ` (headers: ${Object.keys(headers)
              .map((h) => `<code>${escape(h)}</code>`)
              .join(', ')})`;
      return `<tr><td>${status}</td><td>${prose(description)}${headerNote}</td><td>${contentList(content)}</td></tr>`;
    }),
    '</table>',
    '</section>',
  );
  return parts.join('\n');
}

export function renderDocsPage(document: OpenApiDocument): string {
  const info = document.info as { title: string; version: string; description: string };
  const tags = document.tags as { name: string; description: string }[];
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const body: string[] = [
    `<h1>${escape(info.title)} <small>${escape(info.version)}</small></h1>`,
    `<p>${prose(info.description)}</p>`,
    '<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3).</p>',
    '<nav><ul>',
    ...operations.map(
      ({ path, method, op }) =>
        `<li><a href="#op-${escape(op.operationId)}"><code>${method.toUpperCase()} ${escape(path)}</code></a> ${prose(op.summary)}</li>`,
    ),
    '</ul></nav>',
  ];
  for (const tag of tags) {
    body.push(`<h2>${escape(tag.name)}</h2>`, `<p>${prose(tag.description)}</p>`);
    for (const { path, method, op } of operations.filter(({ op }) => op.tags.includes(tag.name))) {
      body.push(operationHtml(method, path, op));
    }
  }
  body.push('<h2>Schemas</h2>');
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    const pretty = escape(JSON.stringify(schema, null, 2)).replace(
      /&quot;#\/components\/schemas\/([A-Za-z]+)&quot;/g,
      '&quot;<a href="#schema-$1">#/components/schemas/$1</a>&quot;',
    );
    body.push(`<section id="schema-${escape(name)}"><h3>${escape(name)}</h3><pre>${pretty}</pre></section>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
code, pre { font: 13px/1.4 ui-monospace, monospace; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100%; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
.op { border-top: 1px solid #ccc; padding-top: .5rem; }
.method { display: inline-block; min-width: 3.5rem; padding: 0 .4rem; color: #fff; border-radius: 3px; font-size: 13px; text-align: center; }
.method.get { background: #2b6cb0; } .method.post { background: #2f855a; }
.public { background: #fefcbf; padding: 0 .3rem; font-size: 12px; }
</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
