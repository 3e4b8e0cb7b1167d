/** Export and import of the event log as CloudEvents JSON (CONTRACT.md §3). */
export function EventLogFile() {
  return (
    <section className="panel" aria-labelledby="event-log-file">
      <h2 id="event-log-file">Event log file</h2>
    </section>
  );
}
