import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Picks an item up with Space on its drag handle and waits until the arrow keys will reach it.
 *
 * dnd-kit's keyboard sensor starts listening for the arrow keys in a `setTimeout` after the pick-up, and the browser
 * hands a pending key press to the page before a pending timer: a press sent as soon as the pick-up is announced can
 * be lost on a busy machine. A timer set now runs after the sensor's, so once it has run the next press is heard.
 */
export async function pickUpWithKeyboard(page: Page, handle: Locator, announcement: string | RegExp) {
  await handle.focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('status').filter({ hasText: announcement })).toBeAttached();
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}
