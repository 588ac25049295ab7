// The JSON API of `parley serve` (docs/openapi.yaml). The token travels in the Authorization
// header only; links carry it in the URL fragment, which browsers never send to the server.
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function call(method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('Content-Type') || '';
  // application/json only (not application/jsonl: the record and reveal are JSON Lines).
  const payload = /^application\/json\s*(;|$)/i.test(type) ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, payload.error || String(payload));
  return payload;
}
