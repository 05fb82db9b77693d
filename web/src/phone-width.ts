/**
 * Whether the page is at a phone's width (the styles' breakpoint, 760 px): for what CSS cannot
 * do alone, such as a cell's colspan over the columns a phone shows.
 */
import { useEffect, useState } from 'preact/hooks';

export const PHONE_QUERY = '(max-width: 760px)';

export function usePhoneWidth(): boolean {
  const [phone, setPhone] = useState(() => matchMedia(PHONE_QUERY).matches);
  useEffect(() => {
    const query = matchMedia(PHONE_QUERY);
    const on = (): void => setPhone(query.matches);
    query.addEventListener('change', on);
    // The width may have crossed the breakpoint between the first render and this effect (a phone rotated while the page loads): no event came for it.
    on();
    return () => query.removeEventListener('change', on);
  }, []);
  return phone;
}
