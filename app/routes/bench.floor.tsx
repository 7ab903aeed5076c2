/**
 * The framework's floor for page benchmarks: a page in the portal's layout with no loader of its
 * own, served by the same server as every other page.
 */
export default function Floor() {
  return <p>OK</p>;
}
