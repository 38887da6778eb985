package fr.maillage.workspace;

import fr.maillage.core.security.Caller;
import fr.maillage.workspace.WorkspaceFrames.CreateDocumentCommand;
import fr.maillage.workspace.WorkspaceFrames.CreateVersionCommand;
import fr.maillage.workspace.WorkspaceFrames.LargeUpdateCommand;
import fr.maillage.workspace.WorkspaceFrames.CreateWorkspaceCommand;
import fr.maillage.workspace.WorkspaceFrames.SnapshotCommand;
import fr.maillage.workspace.WorkspaceViews.DocumentState;
import fr.maillage.workspace.WorkspaceViews.DocumentSummary;
import fr.maillage.workspace.WorkspaceViews.LargeUpdateAccepted;
import fr.maillage.workspace.WorkspaceViews.SnapshotAccepted;
import fr.maillage.workspace.WorkspaceViews.VersionList;
import fr.maillage.workspace.WorkspaceViews.VersionView;
import fr.maillage.workspace.WorkspaceViews.WorkspacePage;
import fr.maillage.workspace.WorkspaceViews.WorkspaceSummary;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.util.List;
import java.util.UUID;

/** Workspaces over HTTP; document updates travel on the socket (docs/protocol.md). */
@Controller("/api")
@Tag(name = "workspace")
public class WorkspaceController {
    private final WorkspaceService workspaces;

    WorkspaceController(WorkspaceService workspaces) {
        this.workspaces = workspaces;
    }

    @Get("/workspaces")
    public List<WorkspaceSummary> list(HttpRequest<?> request) {
        return workspaces.workspaces(Caller.required(request));
    }

    @Post("/workspaces")
    @Status(HttpStatus.CREATED)
    public WorkspaceSummary create(HttpRequest<?> request, @Valid @Body CreateWorkspaceCommand command) {
        return workspaces.create(Caller.required(request), command);
    }

    @Get("/workspaces/{id}")
    public WorkspacePage page(HttpRequest<?> request, UUID id) {
        return workspaces.page(Caller.required(request), id);
    }

    @Put("/workspaces/{id}/members/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    public void addMember(HttpRequest<?> request, UUID id, UUID userId) {
        workspaces.addMember(Caller.required(request), id, userId);
    }

    @Delete("/workspaces/{id}/members/{userId}")
    @Status(HttpStatus.NO_CONTENT)
    public void removeMember(HttpRequest<?> request, UUID id, UUID userId) {
        workspaces.removeMember(Caller.required(request), id, userId);
    }

    @Post("/workspaces/{id}/documents")
    @Status(HttpStatus.CREATED)
    public DocumentSummary createDocument(HttpRequest<?> request, UUID id, @Valid @Body CreateDocumentCommand command) {
        return workspaces.createDocument(Caller.required(request), id, command);
    }

    @Get("/documents/{id}/state")
    public DocumentState state(HttpRequest<?> request, UUID id) {
        return workspaces.state(Caller.required(request), id);
    }

    /** 201 once the snapshot is stored; 202 for a part of a snapshot sent in several bodies. */
    @Post("/documents/{id}/snapshots")
    public HttpResponse<SnapshotAccepted> compact(HttpRequest<?> request, UUID id, @Valid @Body SnapshotCommand command) {
        SnapshotAccepted accepted = workspaces.compact(Caller.required(request), id, command);
        return accepted.complete() ? HttpResponse.created(accepted) : HttpResponse.accepted().body(accepted);
    }

    @Get("/documents/{id}/versions")
    public VersionList versions(HttpRequest<?> request, UUID id) {
        return workspaces.versions(Caller.required(request), id);
    }

    @Post("/documents/{id}/versions")
    @Status(HttpStatus.CREATED)
    public VersionView createVersion(HttpRequest<?> request, UUID id, @Valid @Body CreateVersionCommand command) {
        return workspaces.createVersion(Caller.required(request), id, command);
    }

    /** The document as it was at a version, in the shape of /state (to view it, or to restore it as a new change). */
    @Get("/documents/{id}/versions/{versionId}/state")
    public DocumentState versionState(HttpRequest<?> request, UUID id, UUID versionId) {
        return workspaces.versionState(Caller.required(request), id, versionId);
    }

    /** An update too large for a socket frame: 201 once stored; 202 for a part of one sent in several bodies. */
    @Post("/documents/{id}/updates")
    public HttpResponse<LargeUpdateAccepted> largeUpdate(HttpRequest<?> request, UUID id, @Valid @Body LargeUpdateCommand command) {
        LargeUpdateAccepted accepted = workspaces.applyLargeUpdate(Caller.required(request), id, command);
        return accepted.complete() ? HttpResponse.created(accepted) : HttpResponse.accepted().body(accepted);
    }
}
