export { EmbeddedEngine, buildMatch } from "./engine";
