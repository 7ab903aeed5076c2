import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}", "./content/**/*.mdx"],
  theme: {
    extend: {
      colors: {
        brand: { 50: "#eef4fb", 100: "#d6e4f4", 600: "#1f4e8c", 700: "#173d6e", 800: "#112e54", 900: "#0b1f3a" },
        accent: { 600: "#a4262c", 700: "#861f24" },
      },
      fontFamily: {
        sans: ['"Noto Sans CJK SC"', '"PingFang SC"', '"Microsoft YaHei"', '"Source Han Sans SC"', "system-ui", "sans-serif"],
      },
    },
  },
  plugins: [],
} satisfies Config;
