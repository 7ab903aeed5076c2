import { ComingSoon } from "~/components/coming-soon";

export default function Section() {
  return <ComingSoon titleKey="nav.needs" />;
}
