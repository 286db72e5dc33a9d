import { diag } from '../diagnostics.ts';
import { lineColAt, type Loaded, type TextFile } from './text.ts';
import { parseYaml, type Located } from './yaml.ts';

/**
 * JSON.parse decides validity (so we accept exactly what Claude Code accepts); the YAML parser, whose
 * grammar includes JSON, supplies the positions and refuses duplicate keys, which JSON.parse hides.
 */
export function parseJson(file: TextFile): Loaded<Located> {
  try {
    JSON.parse(file.text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? lineColAt(file.text, Number(at[1])) : { line: 1, col: 1 };
    return { ok: false, diagnostics: [diag('json-syntax', { file: file.rel, ...where }, `${file.rel} is not valid JSON: ${message}`, 'fix the JSON syntax (trailing commas and comments are not allowed)')] };
  }
  return parseYaml(file.text, { file: file.rel });
}
