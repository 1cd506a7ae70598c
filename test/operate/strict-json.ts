/**
 * The keys that appear twice in one object of a JSON text, as a strict
 * pipeline would reject them (JSON.parse silently keeps the last).
 */
export function duplicateKeys(text: string): string[] {
  let i = 0;
  const found: string[] = [];
  const ws = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const keys = new Set<string>();
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        const key = string();
        if (keys.has(key)) found.push(key);
        keys.add(key);
        ws();
        i++; // :
        value();
        ws();
        if (text[i++] === "}") return;
      }
    }
    if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i++] === "]") return;
      }
    }
    if (c === '"') return void string();
    while (i < text.length && !/[,}\]\s]/.test(text[i] ?? "")) i++;
  };
  value();
  return found;
}
