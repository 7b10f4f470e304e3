import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeJsonError, readJson, writeFileAtomic } from './files.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { removeTemporaryDirectories, temporaryDirectory } from './test-io.fixture.js';

afterAll(removeTemporaryDirectories);

describe('jsonErrorOffset', () => {
  it('finds the first syntax error, or none', () => {
    for (const good of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]} ', '0', '"s"']) expect(jsonErrorOffset(good), good).toBeUndefined();
    expect(jsonErrorOffset('[1,]')).toBe(3);
    expect(jsonErrorOffset('{"a": 1,\n "b" 2}')).toBe(14);
    expect(jsonErrorOffset('{"a": tru}')).toBe(9);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": 01}')).toBe(7);
    expect(jsonErrorOffset('{"a":')).toBe(5);
    expect(jsonErrorOffset('')).toBe(0);
  });
});

describe('readJson', () => {
  it('names the line and column of a syntax error', async () => {
    const dir = temporaryDirectory();
    await writeFile(join(dir, 'net.json'), '{\n  "format": "convstudio-pipeline",\n  "nodes": [1,]\n}\n');
    await expect(readJson(dir, 'net.json')).rejects.toThrow(/^net\.json: not valid JSON: .* at line 3, column 15$/);
  });

  it('says when the file is missing', async () => {
    await expect(readJson(temporaryDirectory(), 'nope.json')).rejects.toThrow('cannot read nope.json: no such file');
  });

  it('rewrites V8 messages of either Node version', () => {
    const text = '{\n "a" 1}';
    expect(describeJsonError('Unexpected number in JSON at position 6', text)).toBe('Unexpected number at line 2, column 6');
    expect(describeJsonError("Expected ':' after property name in JSON at position 6 (line 2 column 6)", text)).toBe("Expected ':' after property name at line 2, column 6");
    expect(describeJsonError('Unexpected token \'1\', "{\n "a" 1}" is not valid JSON', text)).toBe("Unexpected token '1' at line 2, column 6");
  });
});

describe('writeFileAtomic', () => {
  it('creates parent directories and leaves no temporary file', async () => {
    const dir = temporaryDirectory();
    await writeFileAtomic(dir, 'a/b/out.json', '{"ok":true}');
    expect(await readFile(join(dir, 'a/b/out.json'), 'utf8')).toBe('{"ok":true}');
    expect(await readdir(join(dir, 'a/b'))).toEqual(['out.json']);
  });
});
