const INSTALLATION_KEY = 'order-desk:installation';

/**
 * The URI of this installation (browser profile), recorded as the source of every event it
 * appends. Made once and kept in localStorage: it names the writer, it is not part of the log.
 */
export function installationSource(storage: Storage = localStorage): string {
  const known = storage.getItem(INSTALLATION_KEY);
  if (known) return known;
  const source = `urn:uuid:${crypto.randomUUID()}`;
  storage.setItem(INSTALLATION_KEY, source);
  return source;
}
