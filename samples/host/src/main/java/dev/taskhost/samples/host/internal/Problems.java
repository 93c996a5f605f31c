package dev.taskhost.samples.host.internal;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;

/** Failures told in words, on one line: what the console shows in place of a stack trace. */
public final class Problems {

    private Problems() {
    }

    /**
     * What went wrong, in words: the message of a {@link dev.taskhost.api.TaskException} as it is;
     * for a file system exception, whose message is often only a path, the path and what is wrong
     * with it ("data already exists and is not a directory").
     */
    public static String inWords(Throwable failure) {
        if (failure instanceof FileSystemException files) {
            return oneLine(inWords(files));
        }
        if (failure instanceof ReadOnlyFileSystemException) {
            return "the file system is read-only";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : oneLine(message);
    }

    private static String inWords(FileSystemException failure) {
        String file = failure.getFile() == null ? "a file" : failure.getFile();
        String other = failure.getOtherFile() == null ? "" : " (and " + failure.getOtherFile() + ")";
        String what;
        if (failure instanceof FileAlreadyExistsException) {
            what = "already exists and is not a directory";
        } else if (failure instanceof NoSuchFileException) {
            what = "does not exist";
        } else if (failure instanceof AccessDeniedException) {
            what = "cannot be written or read: permission denied";
        } else if (failure instanceof NotDirectoryException) {
            what = "is not a directory";
        } else if (failure instanceof DirectoryNotEmptyException) {
            what = "is not empty";
        } else {
            return file + other + ": " + (failure.getReason() == null ? failure.getClass().getSimpleName()
                    : failure.getReason());
        }
        return file + other + " " + what;
    }

    /** {@code text} with its line breaks shown as {@code ⏎}, so that it stays on one line. */
    static String oneLine(String text) {
        return text.strip().replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎');
    }
}
