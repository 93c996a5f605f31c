package dev.taskhost.samples.host.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: columns padded to their widest cell, numbers right-aligned. Not thread-safe.
 */
public final class Table {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers, boolean[] rightAligned) {
        this.headers = headers;
        this.rightAligned = rightAligned;
    }

    /**
     * A table with these column headers; a header that starts with {@code '>'} names a right-aligned
     * column (the {@code '>'} is not shown).
     */
    public static Table withColumns(String... headers) {
        boolean[] right = new boolean[headers.length];
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < headers.length; i++) {
            right[i] = headers[i].startsWith(">");
            shown.add(right[i] ? headers[i].substring(1) : headers[i]);
        }
        return new Table(List.copyOf(shown), right);
    }

    /**
     * Adds a row; each cell's {@code toString()}, with line breaks shown as {@code ⏎}.
     *
     * @throws IllegalArgumentException if the row has another number of cells than the table has columns
     */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + headers.size() + " cells expected, got " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell).replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎'));
        }
        rows.add(row);
        return this;
    }

    /** The header line, then one line per row; the last column is not padded. */
    public List<String> lines() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(headers, widths));
        for (List<String> row : rows) {
            lines.add(line(row, widths));
        }
        return lines;
    }

    private String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            String padding = " ".repeat(widths[i] - cell.length());
            if (rightAligned[i]) {
                line.append(padding).append(cell);
            } else {
                line.append(cell).append(last ? "" : padding);
            }
            if (!last) {
                line.append("  ");
            }
        }
        return line.toString();
    }
}
