/** Copy text; the WeCom webview may lack the async clipboard API, so fall back to a selected textarea. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, not focused): try the old way.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    // The only copy that works where the clipboard API does not; deprecated but still implemented everywhere.
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
