/**
 * How PostgreSQL writes a desk's events as JSON text: one event at a time, and the sealed chunks
 * that keep whole runs of them written once. A pull sends this text as it is; the chunks and the
 * events read one by one come from the one expression below, so a page is the same text whichever
 * of them serve it.
 *
 * The migration that made the chunks wrote them with this expression and chunk size: changing
 * either needs a new migration that writes the stored chunks again.
 */

/**
 * Events per sealed chunk: positions 1–500, 501–1000, … Large enough that a page of 10,000 events
 * is 20 rows, small enough that a page starting inside a chunk writes few events one by one. (The
 * browser keeps its log in chunks of its own size, whatever the server's.)
 */
export const CHUNK_SIZE = 500;

/**
 * One event `e` as a CloudEvent (docs/contract.md §3), with the extension `device`. Only the
 * actor is free text and escaped; the schema holds the other text columns to characters JSON
 * takes as they are, and the data is JSON already.
 */
export const CLOUD_EVENT_JSON = `
  '{"specversion":"1.0","id":"' || e.event_id
  || '","source":"' || e.source
  || '","type":"' || e.type
  || '","subject":"' || e.stream_id
  || '","time":"' || to_char(e.time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
  || '","datacontenttype":"application/json","data":' || e.data
  || ',"sequence":"' || lpad(e.global_position::text, 16, '0')
  || '","streamversion":' || e.stream_version
  || ',"dataversion":' || e.data_version
  || ',"correlationid":"' || e.correlation_id
  || '","causationid":"' || e.causation_id
  || CASE WHEN e.actor IS NULL THEN '"' ELSE '","actor":' || to_json(e.actor) END
  || ',"device":"' || e.device || '"}'`;

/**
 * The statement that seals, for each desk `d` that `desks` picks (SQL after `FROM desks d`), the
 * chunks its head completes after its last sealed one: each chunk its events' JSON joined by
 * commas. Run by an append under the desk's lock, in its transaction, so a chunk is written once.
 * Starting after the last sealed chunk rather than after the append's first position also seals
 * the chunks of appends that wrote none (a process of an older version, while another migrated).
 */
export const sealChunks = (desks: string): string => `
  INSERT INTO event_chunks (desk, first_position, events_json)
  SELECT d.id, chunk.first_position,
         (SELECT string_agg(${CLOUD_EVENT_JSON}, ',' ORDER BY e.global_position)
          FROM events e
          WHERE e.desk = d.id
            AND e.global_position BETWEEN chunk.first_position
                                      AND chunk.first_position + ${CHUNK_SIZE - 1})
  FROM desks d
  CROSS JOIN LATERAL generate_series(
    coalesce((SELECT max(sealed.first_position) FROM event_chunks sealed WHERE sealed.desk = d.id)
             + ${CHUNK_SIZE}, 1),
    d.head - ${CHUNK_SIZE - 1},
    ${CHUNK_SIZE}) AS chunk (first_position)
  ${desks}`;
