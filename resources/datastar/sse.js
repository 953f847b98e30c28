// Incremental parser for the `text/event-stream` format, following the HTML standard's "event stream
// interpretation": lines end with CRLF, LF or CR (also when a CRLF is split across two chunks); `field: value`
// with one optional space after the colon; lines starting with ':' are comments; a blank line dispatches the
// event; `id` (without NUL) sets the last event id, `retry` (ASCII digits only) the reconnection delay; an event
// with an empty data buffer is not dispatched. A leading byte order mark is skipped.

// createParser(onEvent, {onRetry, onComment, lastEventId}) -> parser
//   onEvent({type, data, id}) for each complete event (type defaults to 'message'; data lines joined with '\n')
//   onRetry(ms) whenever a valid `retry:` field arrives
// parser.feed(chunk) takes a string or a Uint8Array (UTF-8, decoded incrementally);
// parser.end() flushes the decoder (an unterminated last event is dropped, as the standard says);
// parser.lastEventId is the id to send back as Last-Event-ID.
export function createParser(onEvent, options = {}) {
  const { onRetry, onComment } = options;
  let decoder = null;
  let buffer = '';
  let skipLeadingLF = false; // the previous chunk ended in CR: an LF starting this one belongs to it
  let atStreamStart = true;
  let dataLines = null; // null: no data field yet
  let eventType = '';
  let lastEventIdBuffer = options.lastEventId || '';

  const parser = {
    lastEventId: lastEventIdBuffer,
    feed(chunk) {
      if (typeof chunk !== 'string') {
        if (!decoder) decoder = new TextDecoder('utf-8');
        chunk = decoder.decode(chunk, { stream: true });
      }
      if (chunk.length === 0) return;
      if (atStreamStart) {
        atStreamStart = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      if (skipLeadingLF) {
        skipLeadingLF = false;
        if (chunk.charCodeAt(0) === 10) chunk = chunk.slice(1);
      }
      buffer = buffer.length ? buffer + chunk : chunk;
      let start = 0;
      const n = buffer.length;
      while (start < n) {
        // Find the next CR or LF from `start`.
        let i = start;
        let c = 0;
        for (; i < n; i++) {
          c = buffer.charCodeAt(i);
          if (c === 10 || c === 13) break;
        }
        if (i === n) break; // incomplete line: keep it for the next chunk
        processLine(buffer.slice(start, i));
        if (c === 13) {
          if (i + 1 < n) {
            if (buffer.charCodeAt(i + 1) === 10) i++;
          } else {
            skipLeadingLF = true;
          }
        }
        start = i + 1;
      }
      buffer = start === 0 ? buffer : buffer.slice(start);
    },
    end() {
      if (decoder) {
        const rest = decoder.decode();
        decoder = null;
        if (rest) parser.feed(rest);
      }
      buffer = '';
      dataLines = null;
      eventType = '';
    },
  };

  function processLine(line) {
    if (line.length === 0) {
      dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) {
      if (onComment) onComment(line.slice(1));
      return;
    }
    const colon = line.indexOf(':');
    let field;
    let value;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        if (dataLines === null) dataLines = [value];
        else dataLines.push(value);
        break;
      case 'id':
        if (value.indexOf('\0') === -1) lastEventIdBuffer = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value) && onRetry) onRetry(parseInt(value, 10));
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  function dispatch() {
    parser.lastEventId = lastEventIdBuffer;
    if (dataLines === null) {
      eventType = '';
      return;
    }
    const event = { type: eventType || 'message', data: dataLines.join('\n'), id: lastEventIdBuffer };
    dataLines = null;
    eventType = '';
    onEvent(event);
  }

  return parser;
}

// Datastar's data lines are `<key> <value>`: split at the first space; values of the same key are joined
// with '\n' in order. Returns a plain object of key -> value.
export function parseDatastarData(data) {
  const args = {};
  if (data === '') return args;
  const lines = data.split('\n');
  for (const line of lines) {
    const space = line.indexOf(' ');
    const key = space === -1 ? line : line.slice(0, space);
    const value = space === -1 ? '' : line.slice(space + 1);
    if (Object.prototype.hasOwnProperty.call(args, key)) args[key] += '\n' + value;
    else args[key] = value;
  }
  return args;
}
