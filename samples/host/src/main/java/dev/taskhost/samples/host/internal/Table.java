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
    /** The rows that are a first cell and then a text across the other columns. */
    private final List<Boolean> remarks = new ArrayList<>();

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
            row.add(oneLine(cell));
        }
        rows.add(row);
        remarks.add(false);
        return this;
    }

    /**
     * Adds a row of its first cell, then {@code text} across the other columns, which it does not
     * widen: for a row that has something to say instead of values, such as why it cannot be read.
     *
     * @throws IllegalStateException if the table has only one column
     */
    public Table remark(Object firstCell, String text) {
        if (headers.size() < 2) {
            throw new IllegalStateException("a remark needs a table of two columns or more");
        }
        rows.add(List.of(oneLine(firstCell), oneLine(text)));
        remarks.add(true);
        return this;
    }

    private static String oneLine(Object cell) {
        return String.valueOf(cell).replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎');
    }

    /** The header line, then one line per row; the last column is not padded. */
    public List<String> lines() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (int r = 0; r < rows.size(); r++) {
                if (i == 0 || !remarks.get(r)) {
                    widths[i] = Math.max(widths[i], rows.get(r).get(i).length());
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(headers, widths));
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            lines.add(remarks.get(r) ? row.get(0) + " ".repeat(widths[0] - row.get(0).length()) + "  " + row.get(1)
                    : line(row, widths));
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
