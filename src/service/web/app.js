// The page's behaviour (served as /app.js so the page's Content-Security-Policy allows no inline script).
const $ = (id) => document.getElementById(id);
let lastSanitized = null;
let loadedMapping = null;
// Registered strategies (GET /api/strategies, loaded with the first detection) and the user's choices per type.
let strategies = null;
const chosenStrategy = new Map();

function status(message, error = false) {
  $('status').textContent = message;
  $('status').className = error ? 'error' : '';
}

async function call(method, url, body) {
  const headers = { 'content-type': 'application/json' };
  const token = $('token').value.trim();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => ({ error: { message: `HTTP ${response.status}` } }));
  if (!response.ok) throw new Error(json.error?.message ?? `HTTP ${response.status}`);
  return json;
}

// Offsets from the API count code points; text is only ever inserted as text nodes.
function renderSpans(text, spans) {
  const view = $('highlighted');
  view.replaceChildren();
  const chars = Array.from(text);
  const threshold = Number($('threshold').value) || 0;
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  let at = 0;
  const types = new Set();
  for (const span of sorted) {
    if (span.start < at) continue; // nested or overlapping: the outer span is shown
    if (span.risk !== null && span.risk !== undefined && span.risk < threshold) continue;
    view.append(chars.slice(at, span.start).join(''));
    const mark = document.createElement('mark');
    mark.className = `${span.entityType} ${span.decision === 'keep' ? 'keep' : ''}`;
    mark.textContent = chars.slice(span.start, span.end).join('');
    const risk = span.risk === null || span.risk === undefined ? 'no risk score' : `risk ${span.risk.toFixed(3)}`;
    const description = `${span.entityType}${span.subtype ? `/${span.subtype}` : ''}, confidence ${span.confidence.toFixed(2)}, ${risk}, ${span.decision ?? 'mask'} (${span.layer})`;
    mark.title = description;
    mark.setAttribute('aria-label', `${mark.textContent}: ${description}`);
    mark.tabIndex = 0;
    view.append(mark);
    types.add(span.entityType);
    at = span.end;
  }
  view.append(chars.slice(at).join(''));
  renderLegend([...types].sort());
}

// One entry per type: its colour and a labelled strategy select (empty value: the pipeline's choice).
function renderLegend(types) {
  const entries = types.map((type) => {
    const entry = document.createElement('span');
    entry.className = 'legend-entry';
    const mark = Object.assign(document.createElement('mark'), { className: type, textContent: type });
    entry.append(mark);
    if (strategies) {
      const select = Object.assign(document.createElement('select'), { id: `strategy-${type}` });
      const fallback = strategies.byType[type] ?? strategies.default;
      select.append(Object.assign(document.createElement('option'), { value: '', textContent: `pipeline (${fallback})` }));
      for (const name of strategies.strategies) select.append(Object.assign(document.createElement('option'), { value: name, textContent: name }));
      select.value = chosenStrategy.get(type) ?? '';
      select.addEventListener('change', () => (select.value ? chosenStrategy.set(type, select.value) : chosenStrategy.delete(type)));
      const label = Object.assign(document.createElement('label'), { htmlFor: select.id, textContent: `${type} strategy` });
      label.className = 'visually-hidden';
      entry.append(label, select);
    }
    return entry;
  });
  $('legend').replaceChildren(...entries);
}

$('detect').addEventListener('click', async () => {
  const text = $('input').value;
  try {
    status('Detecting…');
    const result = await call('POST', '/api/assess', { text });
    if (!strategies) strategies = await call('GET', '/api/strategies');
    window.lastAssessment = { text, spans: result.spans, indicator: result.indicator };
    renderSpans(text, result.spans);
    status(`${result.counts.mentions} span(s) detected, ${result.counts.masked} to mask (indicator: ${result.indicator}).`);
  } catch (error) {
    status(error.message, true);
  }
});

$('threshold').addEventListener('input', () => {
  if (window.lastAssessment) renderSpans(window.lastAssessment.text, window.lastAssessment.spans);
});

$('sanitize').addEventListener('click', async () => {
  try {
    status('Sanitizing…');
    const request = { text: $('input').value, returnMapping: 'encrypted' };
    if (chosenStrategy.size > 0) request.mask = { byType: Object.fromEntries(chosenStrategy) };
    // A threshold means something only with a risk indicator (the API refuses it with assess: none).
    if (window.lastAssessment && window.lastAssessment.indicator !== 'none') request.threshold = Number($('threshold').value) || 0;
    lastSanitized = await call('POST', '/api/sanitize', request);
    $('output').textContent = lastSanitized.text;
    $('restore-input').value = lastSanitized.text;
    loadedMapping = lastSanitized.encryptedMapping;
    $('download-text').disabled = false;
    $('download-mapping').disabled = false;
    status(`${lastSanitized.counts.replacements} region(s) replaced. The mapping is encrypted with the server's key.`);
  } catch (error) {
    status(error.message, true);
  }
});

function download(name, content) {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/octet-stream' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}
$('download-text').addEventListener('click', () => lastSanitized && download('sanitized.txt', lastSanitized.text));
$('download-mapping').addEventListener('click', () => lastSanitized && download('mapping.json', lastSanitized.encryptedMapping));

$('mapping-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (file) loadedMapping = await file.text();
});

$('restore').addEventListener('click', async () => {
  if (!loadedMapping) return status('Choose an encrypted mapping file first (or sanitize a text).', true);
  try {
    const result = await call('POST', '/api/restore', { text: $('restore-input').value, encryptedMapping: loadedMapping });
    $('restored').textContent = result.text;
    const missing = result.missing.length ? `; not found: ${result.missing.join(', ')}` : '';
    status(`${result.restored} placeholder(s) restored (text ${result.textCheck})${missing}.`);
  } catch (error) {
    status(error.message, true);
  }
});

// Drop a text file onto the input.
$('input').addEventListener('dragover', (event) => event.preventDefault());
$('input').addEventListener('drop', async (event) => {
  event.preventDefault();
  const file = event.dataTransfer.files[0];
  if (file) $('input').value = await file.text();
});
