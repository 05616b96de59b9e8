export type ChipProps = {
  label: string;
  pressed: boolean;
  onToggle: () => void;
  disabled?: boolean;
  describedBy?: string;
};

/** A toggle button shaped like a chip; screen readers hear "pressed" or "not pressed". */
export function Chip({ label, pressed, onToggle, disabled, describedBy }: ChipProps) {
  return (
    <button
      type="button"
      className="chip"
      aria-pressed={pressed}
      onClick={onToggle}
      disabled={disabled}
      aria-describedby={describedBy}
    >
      {label}
    </button>
  );
}
