/**
 * The API's reference as one HTML page, rendered on the server from the OpenAPI document: each
 * operation with who may call it, its parameters, its body and its answers, then the schemas.
 * No script and nothing fetched from elsewhere (the page's CSP says so); every text from the
 * document is escaped.
 */

type Json = Record<string, unknown>;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** The Content-Security-Policy the page is sent with: its own inline style, nothing else. */
export const DOCS_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** A schema as indented JSON, escaped, its references to named schemas made links. */
function schemaBlock(schema: unknown): string {
  const text = escapeHtml(JSON.stringify(schema, null, 2));
  const linked = text.replace(
    /&quot;#\/components\/schemas\/([A-Za-z0-9_-]+)&quot;/g,
    (_, name: string) =>
      `&quot;<a href="#${anchor('schema', name)}">#/components/schemas/${name}</a>&quot;`,
  );
  return `<pre>${linked}</pre>`;
}

/** The operation's line in the list and its heading: `GET /v1/me`. */
export const operationLabel = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

function parametersTable(parameters: unknown): string {
  if (!Array.isArray(parameters) || parameters.length === 0) return '';
  const rows = parameters
    .filter(isJson)
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(str(p.name))}</code></td><td>${escapeHtml(str(p.in))}</td><td>${
          p.required === true ? 'yes' : 'no'
        }</td><td><code>${escapeHtml(JSON.stringify(p.schema ?? {}))}</code></td><td>${escapeHtml(
          str(p.description),
        )}</td></tr>`,
    );
  return `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Required</th><th>Schema</th><th>Description</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function contentBlocks(content: unknown): string {
  if (!isJson(content)) return '';
  return Object.entries(content)
    .map(([mediaType, media]) => {
      const m = isJson(media) ? media : {};
      const { schema, ...more } = m;
      const extra = Object.keys(more).length > 0 ? schemaBlock(more) : '';
      return `<p class="media"><code>${escapeHtml(mediaType)}</code></p>${schemaBlock(schema ?? {})}${extra}`;
    })
    .join('');
}

function operationSection(path: string, method: string, op: Json): string {
  const id = anchor('op', str(op.operationId) || `${method}-${path}`);
  const secured = Array.isArray(op.security) && op.security.length > 0;
  const parts = [
    `<section id="${id}">`,
    `<h3><span class="method">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p class="summary">${escapeHtml(str(op.summary))} <span class="id">(${escapeHtml(str(op.operationId))})</span></p>`,
    `<p>${escapeHtml(str(op.description))}</p>`,
    `<p class="auth">${secured ? 'Needs a device token: <code>Authorization: Bearer &lt;token&gt;</code>.' : 'No token needed.'}</p>`,
    parametersTable(op.parameters),
  ];
  const body = isJson(op.requestBody) ? op.requestBody : undefined;
  if (body) parts.push('<h4>Request body</h4>', contentBlocks(body.content));
  parts.push('<h4>Responses</h4>');
  for (const [status, response] of Object.entries(isJson(op.responses) ? op.responses : {})) {
    const r = isJson(response) ? response : {};
    parts.push(
      `<div class="response"><p><strong>${escapeHtml(status)}</strong> ${escapeHtml(str(r.description))}</p>`,
      isJson(r.headers)
        ? `<p>Headers: ${Object.keys(r.headers)
            .map((h) => `<code>${escapeHtml(h)}</code>`)
            .join(', ')}</p>`
        : '',
      contentBlocks(r.content),
      '</div>',
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** The page for an OpenAPI document. */
export function renderDocsPage(doc: Json): string {
  const info = isJson(doc.info) ? doc.info : {};
  const title = `${str(info.title)} ${str(info.version)}`.trim();
  const paths = isJson(doc.paths) ? doc.paths : {};
  const operations: { path: string; method: string; op: Json }[] = [];
  for (const [path, item] of Object.entries(paths))
    for (const [method, op] of Object.entries(isJson(item) ? item : {}))
      if (isJson(op)) operations.push({ path, method, op });
  const components = isJson(doc.components) ? doc.components : {};
  const schemas = isJson(components.schemas) ? components.schemas : {};

  const index = operations
    .map(
      ({ path, method, op }) =>
        `<li><a href="#${anchor('op', str(op.operationId) || `${method}-${path}`)}"><code>${escapeHtml(
          operationLabel(method, path),
        )}</code></a> ${escapeHtml(str(op.summary))}</li>`,
    )
    .join('\n');
  const schemaSections = Object.entries(schemas)
    .map(
      ([name, schema]) =>
        `<section id="${anchor('schema', name)}"><h3><code>${escapeHtml(name)}</code></h3>${schemaBlock(schema)}</section>`,
    )
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}: API reference</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; }
section { border-top: 1px solid #eaeef2; padding-top: .5rem; margin-top: 1.5rem; }
pre { background: #f6f8fa; padding: .6rem; overflow: auto; font-size: 12.5px; max-height: 28rem; }
code { font-family: ui-monospace, monospace; }
table { border-collapse: collapse; font-size: 13px; } td, th { border: 1px solid #d0d7de; padding: .25rem .5rem; text-align: left; vertical-align: top; }
.method { font-family: ui-monospace, monospace; background: #0969da; color: #fff; padding: 0 .4rem; border-radius: 3px; }
.id { color: #57606a; } .auth { font-style: italic; } .response { margin-left: 1rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}: API reference</h1>
<p>${escapeHtml(str(info.description))}</p>
<p>The same description as OpenAPI ${escapeHtml(str(doc.openapi))}: <a href="/v1/openapi.json"><code>/v1/openapi.json</code></a>.</p>
<h2>Operations</h2>
<ul>
${index}
</ul>
${operations.map(({ path, method, op }) => operationSection(path, method, op)).join('\n')}
<h2>Schemas</h2>
${schemaSections}
</body>
</html>
`;
}
