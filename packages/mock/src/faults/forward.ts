import { type IncomingHttpHeaders, type IncomingMessage, request } from "node:http";

/** Prism's answer to a forwarded request, read in full. */
export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Reads a request's whole body. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolveBody(Buffer.concat(chunks)));
    req.once("error", reject);
  });
}

/**
 * Sends a request on to Prism with `headers` (the client's, the fault preference taken out) and reads the
 * whole answer, so a fault can then deliver all of it, part of it, or none.
 */
export function forward(upstream: URL, req: IncomingMessage, headers: IncomingHttpHeaders, body: Buffer): Promise<UpstreamAnswer> {
  const { "content-length": _length, "transfer-encoding": _encoding, connection: _connection, ...rest } = headers;
  return new Promise((resolveAnswer, reject) => {
    const out = request(
      upstream,
      { method: req.method, path: req.url, headers: { ...rest, host: upstream.host, "content-length": String(body.length) } },
      (answer) => {
        readBody(answer).then((answerBody) => resolveAnswer({ status: answer.statusCode ?? 502, headers: answer.headers, body: answerBody }), reject);
      },
    );
    out.once("error", reject);
    out.end(body);
  });
}

/** The headers to send a client for `body`: Prism's, with the length of the body as we hold it. */
export function answerHeaders(answer: UpstreamAnswer): IncomingHttpHeaders {
  const { "transfer-encoding": _encoding, connection: _connection, ...rest } = answer.headers;
  return { ...rest, "content-length": String(answer.body.length) };
}
