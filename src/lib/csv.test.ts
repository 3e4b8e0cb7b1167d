import { describe, expect, it } from 'vitest';
import { buildCsv, csvField, csvRecord } from './csv';

describe('CSV fields and records (RFC 4180)', () => {
  it('quotes a field with a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('Ada Lovelace')).toBe('Ada Lovelace');
    expect(csvField('Espresso beans, 1 kg')).toBe('"Espresso beans, 1 kg"');
    expect(csvField('The "good" mug')).toBe('"The ""good"" mug"');
    expect(csvField('12 Main St\nSpringfield')).toBe('"12 Main St\nSpringfield"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('')).toBe('');
  });

  it('writes numbers as they are, and text a spreadsheet would run as a formula as text', () => {
    expect(csvField(3)).toBe('3');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('-5.00')).toBe("'-5.00");
    expect(csvField('@home')).toBe("'@home");
  });

  it('ends each record with CRLF', () => {
    expect(csvRecord(['a', 1, 'b,c'])).toBe('a,1,"b,c"\r\n');
  });
});

describe('building a CSV file', () => {
  it('holds a byte order mark, the header and every row', async () => {
    const progress: number[] = [];
    const blob = await buildCsv({
      header: ['Id', 'Name'],
      count: 1000,
      row: (index) => [index, `Name ${index}`],
      onProgress: (done) => progress.push(done),
    });
    if (blob === null) throw new Error('Not built');
    expect(blob.type).toBe('text/csv;charset=utf-8');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Id,Name');
    expect(lines[1]).toBe('0,Name 0');
    expect(lines[1000]).toBe('999,Name 999');
    expect(lines).toHaveLength(1002);
    expect(progress.at(-1)).toBe(1000);
  });

  it('stops when cancelled between two slices', async () => {
    let built = 0;
    const blob = await buildCsv({
      header: ['Id'],
      count: 1_000_000,
      row: (index) => {
        built += 1;
        // Slow rows: a slice ends after a few hundred.
        const until = performance.now() + 0.05;
        while (performance.now() < until);
        return [index];
      },
      isCancelled: () => true,
    });
    expect(blob).toBeNull();
    expect(built).toBeLessThan(1_000_000);
  });
});
